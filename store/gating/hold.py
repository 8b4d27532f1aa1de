"""What the ingest writes for a gated run: held versions instead of published ones.

:func:`write_held` is called by :func:`harvester.ingest._write` once per page, after the
source rows (a held version keeps its source row's id): one DELETE of older held versions of
the same records (a newer delivery supersedes them: the source store keeps only the newest
bytes too) and one bulk INSERT. The published rows are not touched, so what third parties are
served stays the previous version until the delivery is released.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import delete

from mappings.model import Finding
from store.base import utcnow
from store.bulk import insert_rows
from store.findings import check_new
from store.gating.models import HeldRecord
from store.rows import PublishedRow

HELD = HeldRecord.__table__
#: Severities ``critical_share`` counts (the rules use critical, error, warning and info).
CRITICAL = frozenset({"critical", "error"})
#: Columns a held version copies from the would-be published row.
VERSION_COLUMNS = ("oai_identifier", "office_code", "ip_type", "set_spec", "st96", "dc",
                   "validation_status", "validation_errors", "application_number",
                   "processing_version", "deleted")  # fmt: skip
#: A finding's fields, as stored (``dataclasses.asdict`` deep-copies: a tenth of a held page)
FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass(slots=True, eq=False)
class Held:
    """One record of a gated page: its source row, the version it would publish, the version
    served now (None: never published) and the findings to apply on release."""

    source: Any  # store.pages.Source (its id is known once the sources are written)
    version: PublishedRow
    served: PublishedRow | None
    findings: tuple[Finding, ...]


def held_values(entry: Held, run_id: int, now) -> dict[str, Any]:
    """The held row; for a record never published, with the finding rows, open count and
    feedback its promotion will copy (computed here, in the time the mapping workers give the
    store anyway: see :mod:`store.gating.fresh`)."""
    values = entry.version.values(VERSION_COLUMNS)
    findings, open_count, about = entry.findings, None, None
    if entry.served is None and not entry.version.deleted:
        findings, open_count, about = check_new(entry.version, entry.findings, run_id, now)
    values.update(
        run_id=run_id,
        source_record_id=entry.source.id,
        published_record_id=entry.served.id if entry.served is not None else None,
        findings=[{name: getattr(f, name) for name in FINDING_FIELDS} for f in findings],
        critical=sum(f.severity in CRITICAL for f in entry.findings),
        held_at=now,
        open_count=open_count,
        about=about,
    )
    return values


def write_held(connection, run_id: int, entries: Sequence[Held]) -> None:
    """Replace any held version of these records by the page's (the last one per record)."""
    latest = {entry.version.oai_identifier: entry for entry in entries}
    connection.execute(delete(HELD).where(HELD.c.oai_identifier.in_(list(latest))))
    now = utcnow()
    insert_rows(connection, HELD, [held_values(e, run_id, now) for e in latest.values()])
