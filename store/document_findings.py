"""Document problems as quality findings, for the office's feedback.

The state is on the ``RecordDocument`` rows (status and error, written by the harvester), so a
finding appears when a fetch fails and disappears by itself when a later run fetches the file:
the office fixes its endpoint, nothing has to be resolved by hand. The quality feedback merges
these with the mapping's findings when it renders a record's feedback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mappings.model import Finding
from store.document_models import RecordDocument

FETCH_FAILED = "DOC-FETCH-FAILED"
REFUSED = "DOC-REFUSED"

_RULES = {
    "failed": (
        FETCH_FAILED,
        "warning",
        "The document could not be downloaded from the office",
        "Check that the file exists at the documents endpoint and that the endpoint answers.",
    ),
    "refused": (
        REFUSED,
        "error",
        "The document was refused",
        "Publish the file in the format the record declares (PNG, JPEG, GIF, TIFF or PDF).",
    ),
}


def finding_for(row: RecordDocument) -> Finding | None:
    """The finding of one reference, or None when it is fine (or not attempted)."""
    rule = _RULES.get(row.status)
    if rule is None:
        return None
    rule_id, severity, summary, suggestion = rule
    return Finding(
        rule_id=rule_id,
        severity=severity,
        path=row.path,
        message=f"{summary}: {row.error or row.reference}",
        suggestion=suggestion,
    )


def findings_by_record(session: Session, record_ids: Iterable[int]) -> dict[int, list[Finding]]:
    """``{published record id: [Finding, ...]}`` for records with document problems."""
    rows = session.scalars(
        select(RecordDocument)
        .where(
            RecordDocument.published_record_id.in_(list(record_ids)),
            RecordDocument.status.in_(tuple(_RULES)),
        )
        .order_by(RecordDocument.published_record_id, RecordDocument.sequence)
    )
    found: dict[int, list[Finding]] = defaultdict(list)
    for row in rows:
        finding = finding_for(row)
        if finding is not None:
            found[row.published_record_id].append(finding)
    return dict(found)
