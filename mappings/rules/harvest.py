"""Harvest rules: what the harvester found wrong in the office's OAI-PMH answer itself.

Reported by the harvester (:mod:`harvester.bounds`), not by a check over the ST.96 record:
the record is published, and the office sees the finding like any other.
"""

from __future__ import annotations

from mappings.rules.engine import ALL, rule

FAMILY = "harvest"

RULES = (
    rule(
        "HARVEST-DATESTAMP-FUTURE",
        "warning",
        ALL,
        "(the OAI-PMH header's datestamp)",
        "The record's OAI-PMH datestamp is later than the moment it was harvested. The hub "
        "does not trust it for incremental harvesting (it would skip every later change).",
        "Correct the record's last-modified date at source (often a typo in the year, or a "
        "clock or time zone set wrong on the server).",
        family=FAMILY,
    ),
    rule(
        "HARVEST-VALUE-TOO-LONG",
        "error",
        ALL,
        "(the element named in the message)",
        "A value is longer than the hub stores for it; it is kept in the record but not "
        "indexed (an application number, for instance, is not searchable).",
        "Check the value at source: such a length is usually an export error.",
        family=FAMILY,
    ),
)
