"""Applying findings to the store: open, resolved with the date, reopened, accepted.

:func:`plan_page_findings` is what the ingest calls once per page, for every record the page
(re)published: it compares each record's findings with its rows, moves each row through its
lifecycle, keeps the per-run figures the trend is drawn from, and renders the feedback
document for the record's OAI-PMH ``about`` container; :meth:`PagePlan.write` stores it all in
a fixed number of statements whatever the page's size (one SELECT of the page's finding rows,
one of its record states, one INSERT and one executemany UPDATE per table).
:func:`apply_findings` is the same for one stored record (tests). Both report whether each
record's feedback changed, so a record whose feedback moved gets a new datestamp and offices
harvest the feedback incrementally.

A record is always a :class:`~store.rows.PublishedRow` (:data:`Entry`): the ingest's own rows,
or stored records loaded by id with just the columns their feedback needs
(:func:`feedback_rows`). Who writes the record's ``about`` is said by the argument it is given
in: the caller, which (re)writes the row anyway (``entries``), or the plan, for records whose
row nothing else rewrites (``kept``).

A :data:`RuleOwnership` says which rules an application owns: the harvest owns every rule but
the document ones (:data:`DOCUMENT_RULES`, opened and resolved by the documents pass through
:func:`apply_document_findings`), so a re-harvest does not resolve a document problem it knows
nothing about, and the documents pass does not resolve mapping findings. The figures (open
counts, trend) are the harvest's: document findings are shown in the feedback, not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mappings.model import Finding
from store import feedback, pages
from store.base import utcnow
from store.document_findings import FETCH_FAILED, REFUSED
from store.finding_figures import record_figures
from store.models import PublishedRecord
from store.quality_models import QualityFinding, QualityRecordState
from store.rows import FindingRow, PublishedRow

PATH_MAX = 500
#: Severities that count against an office in the trend and the clean share; ``info``
#: findings (generated values, notes) are shown but a record with only those is clean.
COUNTING_SEVERITIES = frozenset({"critical", "error", "warning"})
#: Rules the documents pass owns (see :mod:`store.document_findings`).
DOCUMENT_RULES = frozenset({FETCH_FAILED, REFUSED})

#: Which rule ids an application opens and resolves.
RuleOwnership = Callable[[str], bool]

_FINDINGS = QualityFinding.__table__
_STATES = QualityRecordState.__table__
_PUBLISHED = PublishedRecord.__table__


def harvest_owns(rule_id: str) -> bool:
    """The harvest's rules: every rule but the documents pass's."""
    return rule_id not in DOCUMENT_RULES


def documents_own(rule_id: str) -> bool:
    return rule_id in DOCUMENT_RULES


class FeedbackUpdate(tuple):
    """``(about, changed)``: the feedback bytes for ``PublishedRecord.about`` and whether they
    differ in substance from what the record had (new, resolved, reopened or changed findings).
    """

    __slots__ = ()

    def __new__(cls, about: bytes, changed: bool) -> FeedbackUpdate:
        return super().__new__(cls, (about, changed))

    @property
    def about(self) -> bytes:
        return self[0]

    @property
    def changed(self) -> bool:
        return self[1]


@dataclass
class _Tally:
    """What one record's update changed, for the per-run figures."""

    opened: int = 0
    resolved: int = 0
    changed: bool = False


_ROW_COLUMNS = tuple(f.name for f in fields(FindingRow) if f.name not in ("id", "dirty"))
#: What the lifecycle changes on a known row (one executemany UPDATE for all of them).
_MUTABLE = ("state", "severity", "message", "suggestion", "generated", "source_field",
            "last_seen_at", "last_run_id", "resolved_at", "reopened")  # fmt: skip


Entry = tuple[PublishedRow, Iterable[Finding]]
"""A record and its findings."""

#: What a record's feedback needs of its stored row (:func:`feedback_rows`).
FEEDBACK_COLUMNS = ("id", "oai_identifier", "office_code", "ip_type", "about")

#: What a new row of a record takes from the record and the run, the same for all its findings
#: (``published_record_id`` None for a record not inserted yet: set at write).
_OWNER = ("office_code", "ip_type", "published_record_id", "first_seen_at", "last_seen_at",
          "first_run_id", "last_run_id")  # fmt: skip
#: What a row takes from its finding, and refreshes when the finding is produced again.
_WORDING = ("severity", "message", "suggestion", "generated", "source_field")


@dataclass(slots=True, eq=False)
class _Checked:
    record: PublishedRow
    rows: dict[tuple[str, str], FindingRow]
    before_open: int
    after_open: int
    tally: _Tally
    update: FeedbackUpdate
    #: the record had no id when the page was planned (inserted by this page: no state row)
    fresh: bool = False
    #: the plan writes the record's ``about`` (and datestamp): given in ``kept``
    kept: bool = False


def feedback_rows(connection, ids: Iterable[int]) -> dict[int, PublishedRow]:
    """Stored records by id, as rows with just the :data:`FEEDBACK_COLUMNS`, in one query: for
    a caller that knows its records by id only (the documents pass, tests)."""
    ids = list(ids)
    if not ids:
        return {}
    query = select(*[_PUBLISHED.c[n] for n in FEEDBACK_COLUMNS]).where(_PUBLISHED.c.id.in_(ids))
    rows = (PublishedRow(**dict(zip(FEEDBACK_COLUMNS, values, strict=True)), stored=True)
            for values in connection.execute(query))  # fmt: skip
    return {row.id: row for row in rows}


def apply_findings(
    session: Session,
    record: PublishedRow,
    findings: Iterable[Finding],
    run_id: int | None = None,
    *,
    now: datetime | None = None,
) -> FeedbackUpdate:
    """Upsert a stored record's finding rows from this harvest's ``findings``; write its
    feedback (``about``, and its datestamp when the feedback changed) and the run figures.

    Rows are never deleted: a finding not produced again is resolved (with the date), one
    produced again after that is reopened, an accepted one stays accepted while it is produced.
    Finding rows and the record are written with Core: ORM objects of them already loaded in
    ``session`` are not refreshed.
    """
    plan = plan_page_findings(session, (), run_id, kept=[(record, findings)], now=now)
    return plan.write()[record.id]


def apply_document_findings(
    session: Session, published_record_id: int, findings: list[Finding]
) -> FeedbackUpdate:
    """The documents pass's hook (``harvester.documents.FindingsHook``): open and resolve the
    record's ``DOC-*`` findings only; other rules' rows and the figures are left alone."""
    record = feedback_rows(session.connection(), [published_record_id])[published_record_id]
    plan = plan_page_findings(session, (), kept=[(record, findings)], owns=documents_own,
                              figures=False)  # fmt: skip
    return plan.write()[published_record_id]


def check_new(record: PublishedRow, findings: Iterable[Finding], run_id: int | None,
              now: datetime) -> tuple[list[FindingRow], int, bytes]:  # fmt: skip
    """The finding rows, open count and feedback of a record never published (no rows yet):
    what delivery gating computes while a run stores a held page, so that its release only
    copies them (:mod:`store.gating.fresh`). Sets ``record.about``."""
    checked = _check(record, {}, findings, run_id, now, harvest_owns)
    return list(checked.rows.values()), checked.after_open, checked.update.about


def plan_page_findings(
    session: Session,
    entries: Iterable[Entry],
    run_id: int | None = None,
    *,
    kept: Iterable[Entry] = (),
    now: datetime | None = None,
    owns: RuleOwnership = harvest_owns,
    figures: bool = True,
) -> PagePlan:
    """Compute a page's finding rows and feedback (sets each ``record.about``); then
    :meth:`PagePlan.write` stores them, returning record id → :class:`FeedbackUpdate`.

    ``entries``: records whose row the caller (re)writes itself, ``about`` included — the
    ingest renders the feedback of its new records before inserting them (their ``about`` goes
    into the INSERT, not into a second write) and writes their finding rows once the INSERT
    gave them ids; a record without an id has no rows yet. ``kept``: stored records whose row
    nothing else rewrites (a reprocessed record whose renderings did not change, the documents
    pass): the plan writes their ``about`` and, when the feedback changed, their datestamp, in
    one executemany UPDATE. A record given twice is applied once, with its last findings.
    """
    now = now or utcnow()
    unique: dict[int, tuple[PublishedRow, Iterable[Finding], bool]] = {}
    for is_kept, group in ((False, entries), (True, kept)):
        for record, findings in group:
            unique[id(record)] = (record, findings, is_kept)
    ids = [r.id for r, _, _ in unique.values() if r.id is not None]
    stored = _load_rows(session.connection(), ids)
    checked = [_check(record, stored.get(record.id, {}), findings, run_id, now, owns, is_kept)
               for record, findings, is_kept in unique.values()]  # fmt: skip
    return PagePlan(session, checked, run_id, now, figures)


@dataclass
class PagePlan:
    """A page's computed rows and feedback, to be written by :meth:`write`."""

    session: Session
    checked: list[_Checked]
    run_id: int | None
    now: datetime
    figures: bool

    def write(self) -> dict[int, FeedbackUpdate]:
        """Store the finding rows, the ``about`` of the ``kept`` records, and the figures. Every
        record must have its id by now."""
        connection = self.session.connection()
        new: list[dict] = []
        changed: list[dict] = []
        abouts: list[dict] = []
        for item in self.checked:
            record_id = item.record.id
            for row in item.rows.values():
                if row.id is None:
                    row.published_record_id = record_id
                    new.append({name: getattr(row, name) for name in _ROW_COLUMNS})
                elif row.dirty:
                    changed.append({"_id": row.id, **{n: getattr(row, n) for n in _MUTABLE}})
            if item.kept and item.update.changed:
                abouts.append({"_id": record_id, "about": item.update.about,
                               "datestamp": self.now})  # fmt: skip
        pages.insert_rows(connection, _FINDINGS, new)
        pages.update_rows(connection, _FINDINGS, changed)
        pages.update_rows(connection, _PUBLISHED, abouts)
        if self.figures:
            record_figures(self.session, self.checked, self.run_id, self.now)
        return {item.record.id: item.update for item in self.checked}


def _load_rows(connection, ids: Sequence[int]) -> dict[int, dict[tuple[str, str], FindingRow]]:
    """The finding rows of the page's records, in one query."""
    found: dict[int, dict[tuple[str, str], FindingRow]] = {}
    if not ids:
        return found
    names = ("id", *_ROW_COLUMNS)
    query = select(*[_FINDINGS.c[n] for n in names]).where(_FINDINGS.c.published_record_id.in_(ids))
    for values in connection.execute(query):
        row = FindingRow(**dict(zip(names, values, strict=True)))
        found.setdefault(row.published_record_id, {})[(row.rule_id, row.path)] = row
    return found


def _check(
    record: PublishedRow,
    rows: dict[tuple[str, str], FindingRow],
    findings: Iterable[Finding],
    run_id: int | None,
    now: datetime,
    owns: RuleOwnership,
    kept: bool = False,
) -> _Checked:
    """One record's lifecycle step and feedback (sets ``record.about``)."""
    before_open = _counting_open(rows, owns)
    tally = _Tally()
    seen = _upsert(record, rows, (f for f in findings if owns(f.rule_id)), run_id, now, tally)
    _resolve_missing(rows, seen, now, tally, owns)
    after_open = _counting_open(rows, owns)
    if tally.changed or record.about is None:
        record.about = feedback.render(record, rows.values(), now, run_id)
        update = FeedbackUpdate(record.about, True)
    else:
        update = FeedbackUpdate(record.about, False)
    fresh = record.id is None
    return _Checked(record, rows, before_open, after_open, tally, update, fresh, kept)


def counting(row: QualityFinding | FindingRow) -> bool:
    """Whether a finding counts against the office: open, and not mere information."""
    return row.state == "open" and row.severity in COUNTING_SEVERITIES


def counting_open(rows: Iterable[QualityFinding | FindingRow]) -> int:
    return sum(1 for r in rows if counting(r))


def _counting_open(rows: dict[tuple[str, str], FindingRow], owns: RuleOwnership) -> int:
    return counting_open(r for r in rows.values() if owns(r.rule_id))


def _upsert(
    record: PublishedRow,
    rows: dict[tuple[str, str], FindingRow],
    findings: Iterable[Finding],
    run_id: int | None,
    now: datetime,
    tally: _Tally,
) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    owner = dict(zip(_OWNER, (record.office_code, record.ip_type, record.id, now, now, run_id,
                              run_id), strict=True))  # fmt: skip
    for finding in findings:
        key = (finding.rule_id, finding.path[:PATH_MAX])
        if key in seen:
            continue
        seen.add(key)
        row = rows.get(key)
        if row is None:
            rows[key] = row = FindingRow(rule_id=finding.rule_id, path=key[1], **owner)
            _set_wording(row, _wording(finding))
            tally.opened += finding.severity in COUNTING_SEVERITIES
            tally.changed = True
            continue
        _seen_again(row, finding, run_id, now, tally)
    return seen


def _seen_again(
    row: FindingRow, finding: Finding, run_id: int | None, now: datetime, tally: _Tally
) -> None:
    """A known finding produced again: reopen it if it was resolved, refresh its wording."""
    if row.state == "resolved":
        row.state = "open"
        row.resolved_at = None
        row.reopened += 1
        tally.opened += finding.severity in COUNTING_SEVERITIES
        tally.changed = True
    new = _wording(finding)
    if new != tuple(getattr(row, name) for name in _WORDING):
        _set_wording(row, new)
        tally.changed = True
    row.last_seen_at = now
    row.last_run_id = run_id
    row.dirty = True


def _wording(finding: Finding) -> tuple:
    """The :data:`_WORDING` of ``finding``, as the columns hold it."""
    return (finding.severity, finding.message, finding.suggestion, finding.generated,
            _source_field(finding))  # fmt: skip


def _set_wording(row: FindingRow, wording: tuple) -> None:
    for name, value in zip(_WORDING, wording, strict=True):
        setattr(row, name, value)


def _source_field(finding: Finding) -> str | None:
    """The finding's source field as the column holds it (at most :data:`PATH_MAX`)."""
    source = finding.source_field
    return source[:PATH_MAX] if source else None


def _resolve_missing(
    rows: dict[tuple[str, str], FindingRow],
    seen: set[tuple[str, str]],
    now: datetime,
    tally: _Tally,
    owns: RuleOwnership,
) -> None:
    """Findings of rules this application owns but no longer produces are resolved, accepted
    ones included."""
    for key, row in rows.items():
        if key in seen or row.state == "resolved" or not owns(row.rule_id):
            continue
        if counting(row):
            tally.resolved += 1
        row.state = "resolved"
        row.resolved_at = now
        row.dirty = True
        tally.changed = True
