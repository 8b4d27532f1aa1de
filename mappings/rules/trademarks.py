"""Trademark rules: the fields offices most often leave unspecified in their exports.

Each "missing" rule fires once per record when the ST.96 element is absent or empty. The
mappers report some of these themselves with more context (the source said nothing, or an
unknown word); the engine then keeps the mapper's finding and skips the tree check.
"""

from __future__ import annotations

from mappings.rules.checks import incomplete, missing
from mappings.rules.engine import rule

TM = ("trademarks",)
FAMILY = "trademarks"

RULES = (
    rule(
        "TM-MARK-CATEGORY-MISSING",
        "error",
        TM,
        "{root}/tmk:MarkCategory",
        "The mark category (trademark, collective mark, certification mark, ...) is not specified.",
        "Export the kind of mark (ST.66 KindMark) for every trademark.",
        family=FAMILY,
        check=missing("tmk:MarkCategory"),
    ),
    rule(
        "TM-STATUS-MISSING",
        "error",
        TM,
        "{root}/tmk:MarkCurrentStatusCode",
        "The file status (current status of the application or registration) is not specified.",
        "Export the current status (ST.66 MarkCurrentStatusCode) with its date.",
        family=FAMILY,
        check=missing("tmk:MarkCurrentStatusCode"),
    ),
    rule(
        "TM-APPLICATION-TYPE-MISSING",
        "warning",
        TM,
        "(source application type; ST.96 V6_0 tmk:Trademark has no element for it)",
        "The application type is not specified.",
        "Export the application type (national, international registration, ...).",
        family=FAMILY,
        # Reported by the mapper of a format that has the field (e.g. SG's application_type):
        # ST.96 V6_0 has no trademark element to test, so there is no tree check.
    ),
    rule(
        "TM-NICE-CLASS-MISSING",
        "error",
        TM,
        "{root}/tmk:GoodsServicesBag",
        "No Nice class is given for the goods and services.",
        "Export the Nice class number of each goods and services entry.",
        family=FAMILY,
        check=missing(".//tmk:GoodsServicesBag//tmk:ClassNumber"),
    ),
    rule(
        "TM-PRIORITY-INCOMPLETE",
        "error",
        TM,
        "{root}/tmk:PriorityBag/tmk:Priority",
        "A priority claim lacks its country, application number or filing date.",
        "Export the priority country, number and date for every priority claim.",
        family=FAMILY,
        check=incomplete(
            "tmk:PriorityBag/tmk:Priority",
            {
                "com:PriorityCountryCode": "country",
                "com:ApplicationNumber/com:ApplicationNumberText": "application number",
                "com:PriorityApplicationFilingDate": "filing date",
            },
        ),
    ),
)
