"""Publishing a page of records: their finding rows and feedback planned, the published rows
written by the page writer (:mod:`store.pages`), then the finding rows.

One function for a harvest's page (:mod:`harvester.ingest`) and for a released gated delivery
(:mod:`store.gate_promote`), so both write the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from store import pages
from store.findings import Entry, FeedbackUpdate, plan_page_findings
from store.rows import PublishedRow


def write_published(
    session: Session,
    run_id: int | None,
    new: Sequence[PublishedRow],
    changed: Sequence[PublishedRow],
    findings: Mapping[PublishedRow, tuple],
    *,
    kept: Iterable[Entry] = (),
    now: datetime | None = None,
) -> dict[int, FeedbackUpdate]:
    """New published rows in one bulk insert, changed ones in one executemany UPDATE.

    The quality step computes every record's finding rows and feedback (``about``) first, so
    that the new rows are inserted with it; their finding rows (which need the ids) after.
    ``findings`` are those of the new and changed rows (and of stored rows the caller wrote
    already); ``kept`` those of stored records not rewritten, whose ``about`` (and datestamp
    when their feedback changed) the quality step writes itself
    (:func:`store.findings.plan_page_findings`).
    """
    connection = session.connection()
    quality = plan_page_findings(session, findings.items(), run_id, kept=kept, now=now)
    pages.insert_published(connection, list(new))
    pages.update_published(connection, list(changed))
    return quality.write()
