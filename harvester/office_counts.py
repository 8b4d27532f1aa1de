"""Records at the office: what the office's endpoint says it has, next to what the hub holds.

Two sources, both stored as :class:`OfficeCount` rows: the ``completeListSize`` a full
harvest saw (free, written at the run's end: :mod:`store.run_end`), and a ListIdentifiers count
on a schedule (``MONITOR_COUNT_INTERVAL``): one request when the office gives
``completeListSize``, else a walk of the identifiers (headers only, deleted ones not counted).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sickle.oaiexceptions import NoRecordsMatch
from sqlalchemy import func, select

from harvester.client import OAIClient
from harvester.faults import HarvestFault, with_retries
from harvester.settings import HarvestSettings
from store.base import utcnow
from store.database import Database
from store.models import Endpoint
from store.monitoring_models import OfficeCount
from store.run_end import record

log = logging.getLogger("iphub.monitoring")


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


def count_due(
    db: Database, config: Mapping[str, Any], interval: float, now: datetime | None = None
) -> list[str]:
    """:func:`probe_due` with the harvester's settings of ``config`` (a
    :data:`node.ports.OfficeCounter`, for ``iphub monitor check`` and the scheduler)."""
    return probe_due(db, HarvestSettings.from_config(config), interval, now)


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
