"""How a finding's source field is shown: the office's own field, or why there is none.

The source field itself is found by the mappings (:mod:`mappings.source_fields`) and stored
with the finding; a finding without one says why rather than showing an empty cell, in the
same words on the portal pages and in the JSON API.
"""

from __future__ import annotations

from typing import Protocol

from mappings.rules.engine import ROOT_PATHS

GENERATED = "none: the hub generated this value, no field of your export holds it"
WHOLE_RECORD = "none: the finding concerns the whole record, not one field"
UNKNOWN = "not known: no field of your export is declared for this ST.96 element"

_ROOTS = frozenset(ROOT_PATHS.values())


class _Finding(Protocol):
    source_field: str | None
    generated: bool
    path: str


def no_source_reason(finding: _Finding) -> str | None:
    """Why ``finding`` has no source field (None when it has one)."""
    if finding.source_field:
        return None
    if finding.generated:
        return GENERATED
    if not finding.path or finding.path in _ROOTS:
        return WHOLE_RECORD
    return UNKNOWN
