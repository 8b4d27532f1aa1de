"""Generated-value rules: every value the hub derived instead of reading it from the source.

ST.96 requires some elements the offices do not export (a mark category, a Locarno edition, a
publication identifier). The mappers fill them and say so with a finding whose ``generated``
flag is set: which field, and from what. Such findings are ``info``: the record is published,
but offices and third parties can tell a derived value from an original one.
"""

from __future__ import annotations

from mappings.rules.engine import ALL, rule

FAMILY = "generated"

RULES = (
    rule(
        "GENERATED-VALUE",
        "info",
        ALL,
        "(the generated ST.96 element)",
        "The hub generated this value; the source record did not contain it. The message says "
        "from what it was derived.",
        "Export the value so that the hub does not have to derive it.",
        family=FAMILY,
    ),
)
