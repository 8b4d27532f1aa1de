"""Design rules: status, Locarno classification, title and priority of industrial designs.

The ST.86 mapper reports most of these with their ``DES-`` ids when the source lacks the value;
the same ids here catch records offices publish in ST.96 directly.
"""

from __future__ import annotations

from mappings.rules.checks import incomplete, missing
from mappings.rules.engine import rule

DES = ("designs",)
FAMILY = "designs"

RULES = (
    rule(
        "DES-STATUS-MISSING",
        "error",
        DES,
        "{root}/dgn:DesignCurrentStatusCategory",
        "The file status (current status of the design) is not specified.",
        "Export the current status of the design with its date.",
        family=FAMILY,
        check=missing("dgn:DesignCurrentStatusCategory"),
        aliases=("DES-STATUS-UNKNOWN",),
    ),
    rule(
        "DES-LOCARNO-MISSING",
        "error",
        DES,
        "{root}/com:DesignClassificationBag/com:LocarnoClassificationBag",
        "The design has no Locarno classification.",
        "Classify the product under the Locarno Classification (e.g. 06-01 for chairs).",
        family=FAMILY,
        check=missing(
            "com:DesignClassificationBag/com:LocarnoClassificationBag"
            "/*[local-name()='LocarnoClassificationText' or local-name()='LocarnoClassification']"
        ),
    ),
    rule(
        "DES-TITLE-MISSING",
        "error",
        DES,
        "{root}/dgn:DesignTitleText",
        "The title of the design (product indication) is missing.",
        "Export the design title or the indication of the product.",
        family=FAMILY,
        check=missing("dgn:DesignTitleText"),
    ),
    rule(
        "DES-PRIORITY-INCOMPLETE",
        "error",
        DES,
        "{root}/dgn:PriorityBag/dgn:Priority",
        "A priority claim lacks its country, application number or filing date.",
        "Export the priority country, number and date for every priority.",
        family=FAMILY,
        check=incomplete(
            "dgn:PriorityBag/dgn:Priority",
            {
                "com:PriorityCountryCode": "country",
                "com:ApplicationNumber/com:ApplicationNumberText": "application number",
                "com:PriorityApplicationFilingDate": "filing date",
            },
        ),
    ),
    rule(
        "DES-STATUS-WORD-NOT-PUBLISHED",
        "info",
        DES,
        "{root}/dgn:DesignCurrentStatusCategory",
        "The office's own status word is kept beside the category as a status event on the "
        "status date; without a status date ST.96 has no place for it (the finding quotes it).",
        "Export the status date with the status.",
        family=FAMILY,
    ),
)
