"""Who sees which test deliveries: an office's staff its own, coordinators all.

A delivery of another office answers 404, as if it did not exist: its URL must not tell
anyone that an office is testing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import abort, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from node import ports
from store.testfeed import limits as feed_limits
from store.testfeed.limits import TestFeedLimits
from store.testfeed.models import TestDelivery, TestRecord

LIST_LIMIT = 100


def visible_delivery(session: Session, delivery_id: int, may_see) -> TestDelivery:
    """The delivery when ``may_see(office_code)``; 404 otherwise (absent or another office's)."""
    delivery = session.get(TestDelivery, delivery_id)
    if delivery is None or not may_see(delivery.office_code):
        abort(404, description=f"no test delivery {delivery_id}")
    return delivery


def visible_record(session: Session, delivery: TestDelivery, record_id: int) -> TestRecord:
    record = session.get(TestRecord, record_id)
    if record is None or record.delivery_id != delivery.id:
        abort(404, description=f"no record {record_id} in test delivery {delivery.id}")
    return record


def deliveries(session: Session, office_code: str | None) -> list[TestDelivery]:
    """The latest deliveries, of one office or (None: coordinators) of all."""
    query = select(TestDelivery).order_by(TestDelivery.id.desc()).limit(LIST_LIMIT)
    if office_code is not None:
        query = query.where(TestDelivery.office_code == office_code.upper())
    return list(session.scalars(query))


def limits(session: Session, config: Mapping[str, Any]) -> TestFeedLimits:
    return feed_limits.current(session, config)


def runner():
    """The test feed's runner the composition root plugged in (:data:`node.ports.TEST_FEED`);
    503 when this app has none (a node made without the harvester)."""
    found = ports.plugged(current_app, ports.TEST_FEED)
    if found is None:
        abort(503, description="the test feed runs with the harvester (start the node with iphub)")
    return found
