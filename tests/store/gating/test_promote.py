"""A released first delivery is published set-based (store.gating.fresh) exactly as an ungated
harvest publishes it; a rejected version is not published by a later reprocess, and the
office's corrected version replaces it normally."""

from __future__ import annotations

import re
import time
from collections import Counter

from sqlalchemy import select

from harvester.reprocess.driver import Options, reprocess
from harvester.reprocess.selection import Selection
from harvester.runner import harvest_endpoint
from store import migrate
from store.base import utcnow
from store.database import Database
from store.gating import decide
from store.gating.models import GateDelivery, HeldRecord
from store.models import Endpoint, PublishedRecord, SourceRecord
from store.quality_models import QualityFinding, QualityRecordState, QualityRunStats
from tests.gating_support import gate
from tests.harvester.conftest import add_endpoint

#: What differs between two harvests of the same bytes: the moments in the feedback
_MOMENTS = re.compile(rb'(GeneratedAt>|HarvestRun>|firstSeen="|lastSeen=")[^<"]*')
_FIGURES = ("checked", "checked_clean", "records_delta", "clean_delta", "open_delta", "opened",
            "resolved")  # fmt: skip


def _published(db) -> dict:
    """Everything served and its quality state, but the moments: record by record."""
    p, f, s = PublishedRecord, QualityFinding, QualityRecordState
    with db.session() as session:
        records = {r.oai_identifier: (r.st96, r.dc, r.validation_status, r.validation_errors,
                                      r.application_number, r.deleted, r.set_spec,
                                      r.processing_version, _MOMENTS.sub(rb"\1", r.about))
                   for r in session.scalars(select(p))}  # fmt: skip
        findings = Counter(session.execute(
            select(p.oai_identifier, f.rule_id, f.path, f.severity, f.message, f.suggestion,
                   f.generated, f.source_field, f.state, f.reopened, f.office_code, f.ip_type)
            .join(p, p.id == f.published_record_id)
        ).all())  # fmt: skip
        states = dict(session.execute(select(p.oai_identifier, s.open_count)
                                      .join(p, p.id == s.published_record_id)).all())  # fmt: skip
        figures = [tuple(getattr(r, n) for n in _FIGURES)
                   for r in session.scalars(select(QualityRunStats))]  # fmt: skip
    return {"records": records, "findings": findings, "states": states, "figures": figures}


def _only_delivery(db) -> GateDelivery:
    with db.session() as session:
        (delivery,) = session.scalars(select(GateDelivery))
        session.expunge(delivery)
        return delivery


def test_a_released_first_delivery_is_what_an_ungated_harvest_publishes(
    db, endpoint, fast, office, tmp_path
):
    gate(db, critical_share=0.0)  # any record with an error holds the delivery
    office.update(3, application_number="")
    harvest_endpoint(db, endpoint, fast)
    delivery = _only_delivery(db)
    assert delivery.state == "held"
    with db.session() as session:  # every held version was computed for the set-based copy
        held = session.scalars(select(HeldRecord.open_count)).all()
    assert len(held) == 24 and None not in held
    time.sleep(1.1)  # datestamps are whole seconds
    released_at = utcnow().replace(microsecond=0)

    with db.session() as session:
        decide.release(session, delivery.id, "coordinator@example.org", now=released_at)

    plain = Database(f"sqlite:///{tmp_path}/ungated.sqlite")
    migrate.upgrade(plain)
    harvest_endpoint(plain, add_endpoint(plain, _office_url(db), "KH", "st66"), fast)
    assert _published(db) == _published(plain)
    with db.session() as session:
        stamps = set(session.scalars(select(PublishedRecord.datestamp)))
        assert stamps == {released_at}  # incremental harvesters pick them up from the release
        assert session.scalar(select(HeldRecord.id)) is None
    assert _only_delivery(db).figures["published"] == 24
    plain.dispose()


def _office_url(db) -> str:
    with db.session() as session:
        return session.scalar(select(Endpoint.url))


def _selected(db) -> int:
    (summary,) = reprocess(db, Selection(office="KH"), Options())
    return summary.total


def test_a_rejected_version_is_not_reprocessed_and_a_corrected_one_replaces_it(
    db, harvested, fast, office
):
    served = _published(db)["records"]
    gate(db, critical_share=0.5)
    broken = [office.update(i, application_number="") for i in range(20)]
    harvest_endpoint(db, harvested, fast)
    delivery = _only_delivery(db)
    assert delivery.state == "held"
    with db.session() as session:
        decide.reject(session, delivery.id, "coordinator@example.org")
    with db.session() as session:  # the rejected bytes are still stored
        raws = session.scalars(select(SourceRecord.raw)).all()
    rejected = sum(b"<ApplicationNumber></ApplicationNumber>" in r or
                   b"<ApplicationNumber/>" in r for r in raws)  # fmt: skip
    assert rejected == len(broken)

    held = delivery.figures["records"]  # the others failed mapping: stored failed, not held
    assert 0 < held <= rejected
    assert _selected(db) == 24 - held  # the rejected versions are left out
    assert _published(db)["records"] == served  # nothing rejected was published

    for index in range(20):  # the office corrects its records
        office.update(index, application_number=f"KH/T/2026/{index:05d}")
    harvest_endpoint(db, harvested, fast)
    with db.session() as session:
        states = session.scalars(select(GateDelivery.state).order_by(GateDelivery.id)).all()
        numbers = session.scalars(select(PublishedRecord.application_number)).all()
    assert states == ["rejected", "passed"]
    assert sum(n.startswith("KH/T/2026/") for n in numbers if n) == 20
    assert _selected(db) == 24  # the corrected versions are reprocessed again
