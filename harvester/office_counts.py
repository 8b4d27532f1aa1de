"""Records at the office: what the office's endpoint says it has, next to what the hub holds.

Two sources, both stored as :class:`OfficeCount` rows: the ``completeListSize`` a full harvest
saw (free, written by the run's end hook), and a ListIdentifiers count on a schedule
(``MONITOR_COUNT_INTERVAL``): one request when the office gives ``completeListSize``, else a
walk of the identifiers (headers only, deleted ones not counted).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from sickle.oaiexceptions import NoRecordsMatch
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from harvester.client import OAIClient
from harvester.faults import HarvestFault, with_retries
from harvester.settings import HarvestSettings
from mappings.pipeline import SUPPORTED_PREFIXES
from store.monitoring_models import OfficeCount
from store.base import utcnow
from store.database import Database
from store.models import Endpoint

log = logging.getLogger("iphub.monitoring")


def record(
    session: Session, endpoint: Endpoint, records: int, source: str, now: datetime | None = None
) -> OfficeCount:
    """Store one count of ``endpoint``."""
    row = OfficeCount(
        endpoint_id=endpoint.id,
        office_code=endpoint.office.code,
        ip_type=SUPPORTED_PREFIXES.get(endpoint.metadata_prefix, "unknown"),
        records=records,
        source=source,
        counted_at=now or utcnow(),
    )
    session.add(row)
    return row


def count_at_office(endpoint: Endpoint, settings: HarvestSettings) -> int:
    """How many (non-deleted) records the endpoint lists; raises HarvestFault when it cannot
    be asked."""
    client = OAIClient(endpoint.url, timeout=settings.timeout)
    params = {"metadataPrefix": endpoint.metadata_prefix}
    if endpoint.set_spec:
        params["set"] = endpoint.set_spec
    total, token = 0, None
    try:
        while True:
            page = with_retries(
                partial(client.page, "ListIdentifiers", token=token, **params),
                settings.policy,
                lambda *_: None,
            )
            if token is None and page.complete_list_size is not None:
                return page.complete_list_size
            total += sum(1 for item in page.items if not item.header.deleted)
            if not page.token:
                return total
            token = page.token
    except NoRecordsMatch:
        return total
    finally:
        client.close()


def probe_due(
    db: Database, settings: HarvestSettings, interval: float, now: datetime | None = None
) -> list[str]:
    """Count every enabled endpoint not counted within ``interval`` seconds; one line each."""
    moment = now or utcnow()
    with db.session() as session:
        latest = dict(
            session.execute(
                select(OfficeCount.endpoint_id, func.max(OfficeCount.counted_at)).group_by(
                    OfficeCount.endpoint_id
                )
            ).all()
        )
        due = [
            e.id
            for e in session.scalars(select(Endpoint).where(Endpoint.enabled.is_(True)))
            if latest.get(e.id) is None or moment - latest[e.id] >= timedelta(seconds=interval)
        ]
    return [_probe(db, endpoint_id, settings, moment) for endpoint_id in due]


def _probe(db: Database, endpoint_id: int, settings: HarvestSettings, moment) -> str:
    with db.session() as session:
        endpoint = session.get(Endpoint, endpoint_id)
        name = f"{endpoint.office.code} {endpoint.metadata_prefix} {endpoint.url}"
        try:
            records = count_at_office(endpoint, settings)
        except HarvestFault as fault:  # a failing endpoint is the failing-runs alert's job
            log.warning("count of %s failed: %s", name, fault)
            return f"{name}: not counted ({fault.kind}: {fault})"
        record(session, endpoint, records, "probe", moment)
        return f"{name}: {records} records at the office"
