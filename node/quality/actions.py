"""What staff do to findings from the portal and console: accept, reopen, discuss.

Accepting says "the field is really empty at source": the finding stops counting against the
office but stays visible, in the dashboard and in the record's feedback. Every action is also a
comment, so the discussion of a finding is its history. A change of state re-renders the
record's feedback and gives the record a new datestamp, so harvesters of the ``feedback`` format
see it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import feedback
from store.base import utcnow
from store.finding_figures import run_stats
from store.findings import COUNTING_SEVERITIES
from store.models import HarvestRun, Office
from store.quality_models import QualityComment, QualityFinding, QualityRecordState


class ActionError(ValueError):
    """The action does not apply to the finding in its current state (message for staff)."""


def comment(
    session: Session,
    *,
    rule_id: str,
    body: str,
    author: str,
    author_role: str,
    office_code: str | None,
    finding: QualityFinding | None = None,
    kind: str = "comment",
) -> QualityComment:
    """Add a comment (or proposal) to a finding's or a rule's discussion."""
    note = QualityComment(
        finding_id=finding.id if finding else None,
        rule_id=rule_id,
        office_code=office_code,
        kind=kind,
        body=body.strip(),
        author=author,
        author_role=author_role,
        created_at=utcnow(),
    )
    session.add(note)
    return note


def accept(session: Session, finding: QualityFinding, author: str, role: str, note: str) -> None:
    """Open → accepted: no longer counted against the office, still shown."""
    if finding.state != "open":
        raise ActionError(f"Only an open finding can be accepted (this one is {finding.state}).")
    _decide(
        session,
        finding,
        author,
        role,
        True,
        note or "Accepted: the value is really empty at source.",
    )


def reopen(session: Session, finding: QualityFinding, author: str, role: str, note: str) -> None:
    """Accepted → open: the acceptance is withdrawn (e.g. by the coordinator)."""
    if finding.state != "accepted":
        raise ActionError(
            f"Only an accepted finding can be reopened (this one is {finding.state})."
        )
    _decide(session, finding, author, role, False, note or "Acceptance withdrawn.")


def _decide(
    session: Session, finding: QualityFinding, author: str, role: str, accepting: bool, body: str
) -> None:
    """Accept the finding (by ``author``, now) or reopen it; book the change in the counts, say
    why in a comment (``body``), refresh the record's feedback."""
    finding.state = "accepted" if accepting else "open"
    finding.accepted_at = utcnow() if accepting else None
    finding.accepted_by = author if accepting else None
    _count_change(session, finding, -1 if accepting else +1)
    comment(
        session,
        rule_id=finding.rule_id,
        body=body,
        author=author,
        author_role=role,
        office_code=finding.office_code,
        finding=finding,
        kind="accept" if accepting else "reopen",
    )
    refresh_feedback(session, finding)


def _count_change(session: Session, finding: QualityFinding, delta: int) -> None:
    """Keep the record's open count and the trend's running totals true after a decision.

    The change is booked on the office's latest harvest run, so the trend's last point equals
    the live figures.
    """
    state = session.get(QualityRecordState, finding.published_record_id)
    if state is None or finding.severity not in COUNTING_SEVERITIES:
        return
    was_clean = state.open_count == 0
    state.open_count = max(0, state.open_count + delta)
    run_id = _latest_run(session, finding.office_code)
    if run_id is None:
        return
    stats = run_stats(session, run_id, finding.office_code, finding.ip_type)
    stats.open_delta += delta
    stats.clean_delta += (state.open_count == 0) - was_clean


def _latest_run(session: Session, office_code: str) -> int | None:
    return session.scalar(
        select(HarvestRun.id)
        .join(Office, Office.id == HarvestRun.office_id)
        .where(Office.code == office_code)
        .order_by(HarvestRun.started_at.desc(), HarvestRun.id.desc())
        .limit(1)
    )


def refresh_feedback(session: Session, finding: QualityFinding) -> None:
    """Re-render the record's feedback and move its datestamp (feedback harvested anew)."""
    record = finding.record
    rows = session.scalars(
        select(QualityFinding).where(QualityFinding.published_record_id == record.id)
    ).all()
    now = utcnow()
    record.about = feedback.render(record, rows, now, finding.last_run_id)
    record.datestamp = now
