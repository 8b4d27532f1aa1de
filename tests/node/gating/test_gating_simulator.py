"""Delivery gating end to end against the simulator: a delivery whose records mostly fail is
held in quarantine (third parties keep the previous versions), then released (sickle lists
the new versions, dated at the release) or rejected (previous versions still served, the
office's bytes kept); a count drop and identifier collisions hold a delivery too; auto-release."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select

from harvester.runner import harvest_endpoint
from node.notify import subscriptions
from node.notify.sender import SendSettings, send_due
from store.base import utcnow
from store.gating import decide
from store.gating.models import GateDelivery, HeldRecord
from store.models import PublishedRecord, SourceRecord
from store.quality_models import QualityFinding
from tests.gating_support import gate
from tests.harvester.conftest import add_endpoint
from tests.node.monitoring.conftest import receiver

__all__ = ["receiver"]

BROKEN = range(20)  # 20 of the 24 records lose their application number (an error finding)


def _served(db) -> dict[str, tuple]:
    """oai identifier → (datestamp, st96, deleted) of every published record."""
    with db.session() as session:
        rows = session.execute(select(PublishedRecord.oai_identifier, PublishedRecord.datestamp,
                                      PublishedRecord.st96, PublishedRecord.deleted))  # fmt: skip
        return {i: (d, s, x) for i, d, s, x in rows}


def _deliveries(db) -> list[GateDelivery]:
    with db.session() as session:
        rows = list(session.scalars(select(GateDelivery).order_by(GateDelivery.id)))
        session.expunge_all()
        return rows


def _held(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(HeldRecord))


def _break(office) -> None:
    for index in BROKEN:
        office.update(index, application_number="")


def _held_delivery(db, endpoint, fast, office, **limits) -> GateDelivery:
    """Most of the office's records broken at the office, harvested under ``critical_share``
    0.5 (and ``limits``): the one delivery, held."""
    gate(db, critical_share=0.5, **limits)
    _break(office)
    harvest_endpoint(db, endpoint, fast)
    (delivery,) = _deliveries(db)
    assert delivery.state == "held"
    return delivery


def test_failing_delivery_is_held_and_previous_versions_stay_served(
    db, harvested, fast, office, hub
):
    before = _served(db)
    gate(db, critical_share=0.5)
    _break(office)

    summary = harvest_endpoint(db, harvested, fast)

    updated = summary.counts["updated"]
    assert updated + summary.counts["failed"] == 20  # some fail mapping: nothing held of them
    (delivery,) = _deliveries(db)
    assert delivery.state == "held"
    assert [b["threshold"] for b in delivery.breaches] == ["critical_share"]
    assert delivery.figures["records"] == updated and delivery.figures["critical"] == updated
    assert _served(db) == before  # nothing of the delivery is served
    assert _held(db) == updated
    listed = {r.header.identifier: r.header.datestamp for r in hub.ListRecords(
        metadataPrefix="st96", set="KH:trademarks")}  # fmt: skip
    assert set(listed) == set(before)


def test_released_delivery_is_listed_with_the_release_time(db, harvested, fast, office, hub):
    gate(db, critical_share=0.5)
    _break(office)
    updated = harvest_endpoint(db, harvested, fast).counts["updated"]
    (delivery,) = _deliveries(db)
    time.sleep(1.1)  # datestamps are whole seconds: the release is a second after the harvest
    released_at = utcnow()

    with db.session() as session:
        decide.release(session, delivery.id, "coordinator@example.org", now=released_at)

    stamp = released_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    fresh = list(hub.ListRecords(metadataPrefix="st96", set="KH:trademarks", **{"from": stamp}))
    assert len(fresh) == updated  # incremental harvesters pick the released records up
    assert _held(db) == 0
    (done,) = _deliveries(db)
    assert (done.state, done.decided_by) == ("released", "coordinator@example.org")
    with db.session() as session:  # the held findings were applied on release
        opened = session.scalar(select(func.count()).where(
            QualityFinding.rule_id == "TM-APPLICATION-NUMBER-MISSING",
            QualityFinding.state == "open"))  # fmt: skip
    assert opened == updated


def test_rejected_delivery_keeps_previous_versions_and_the_originals(db, harvested, fast, office):
    before = _served(db)
    delivery = _held_delivery(db, harvested, fast, office)

    with db.session() as session:
        decide.reject(session, delivery.id, "coordinator@example.org")

    assert _served(db) == before
    assert _held(db) == 0
    assert _deliveries(db)[0].state == "rejected"
    with db.session() as session:  # the office's bytes as received stay in the source store
        raws = session.scalars(select(SourceRecord.raw)).all()
    assert sum(b"<ApplicationNumber></ApplicationNumber>" in r or
               b"<ApplicationNumber/>" in r for r in raws) == len(BROKEN)  # fmt: skip


def test_passing_delivery_is_published_at_the_end_of_its_run(db, harvested, fast, office):
    gate(db, critical_share=0.5)
    changed = office.update(2, word_mark="AGAIN")
    before = _served(db)

    harvest_endpoint(db, harvested, fast)

    (delivery,) = _deliveries(db)
    assert (delivery.state, delivery.decided_by) == ("passed", "gate")
    assert delivery.figures["published"] == 1 and _held(db) == 0
    after = _served(db)
    moved = [i for i in after if after[i] != before[i]]
    assert len(moved) == 1 and moved[0].endswith(changed)


def test_count_drop_holds_deletions(db, harvested, fast, office):
    gate(db, count_drop=0.1)
    gone = [office.delete(i) for i in range(5)]  # 5 of 24: a 21 % drop

    harvest_endpoint(db, harvested, fast)

    (delivery,) = _deliveries(db)
    assert delivery.state == "held"
    assert delivery.breaches[0]["threshold"] == "count_drop"
    assert delivery.breaches[0]["value"] == round(5 / 24, 4)
    served = _served(db)
    assert not any(deleted for _, _, deleted in served.values())  # still served
    with db.session() as session:
        decide.release(session, delivery.id, "coordinator@example.org")
    assert sum(deleted for _, _, deleted in _served(db).values()) == len(gone)


def test_collisions_hold_a_delivery(db, harvested, fast, office):
    gate(db, collision_share=0.05)
    with db.session() as session:
        number = session.scalar(select(PublishedRecord.application_number).order_by(
            PublishedRecord.id).limit(1))  # fmt: skip
    office.update(5, application_number=number)
    office.update(6, application_number=number)

    harvest_endpoint(db, harvested, fast)

    (delivery,) = _deliveries(db)
    assert delivery.state == "held"
    assert delivery.figures["colliding"] == 2
    assert delivery.breaches[0]["threshold"] == "collision_share"


def test_auto_release_after_the_set_hours(db, harvested, fast, office):
    delivery = _held_delivery(db, harvested, fast, office, auto_release_hours=2)

    assert decide.auto_release(db, now=delivery.held_at + timedelta(hours=1)) == []
    assert decide.auto_release(db, now=delivery.held_at + timedelta(hours=3)) == [delivery.id]
    (done,) = _deliveries(db)
    assert (done.state, done.decided_by) == ("released", decide.BY_TIMER)
    assert _held(db) == 0


def test_new_records_of_a_held_delivery_are_not_served(db, harvested, fast, office, hub):
    gate(db, critical_share=0.1)
    added = office.add(3)
    office.update(0, application_number="")

    harvest_endpoint(db, harvested, fast)

    assert _deliveries(db)[0].state == "held"
    listed = {h.identifier for h in hub.ListIdentifiers(metadataPrefix="st96")}
    assert len(listed) == 24 and _held(db) == 4
    assert not any(i.rsplit("/", 1)[-1] in " ".join(listed) for i in added)


def test_each_decision_reaches_the_webhook_signed(db, harvested, fast, office, receiver):
    hook, url = receiver
    with db.session() as session:
        _, hook.secret = subscriptions.add_webhook(
            session, "KH", url, allow_private=True, by="test"
        )
    delivery = _held_delivery(db, harvested, fast, office)
    with db.session() as session:
        decide.reject(session, delivery.id, "coordinator@example.org")

    send_due(db, SendSettings(allow_private=True), now=utcnow() + timedelta(seconds=1))

    gates = [p for p in hook.posts if p["json"]["event"].startswith("gate.")]
    assert [p["json"]["event"] for p in gates] == ["gate.held", "gate.rejected"]
    assert all(p["verified"] for p in gates)
    held = gates[0]["json"]["gate"]
    assert held["breaches"][0]["threshold"] == "critical_share"
    assert held["path"] == f"/api/v1/gating/deliveries/{delivery.id}"
    assert gates[0]["json"]["links"]["gating"].endswith("/portal/KH/gating")


def test_an_upload_is_gated_like_a_harvest(db, fast):
    from harvester.upload_runs import upload
    from simulator.trademark_xml import TrademarkGenerator

    add_endpoint(db, "http://kh.invalid/oai", "KH", "st66")
    gate(db, critical_share=0.0)
    record = TrademarkGenerator().record("KH", 5, 3, {"application_number": ""})

    summary = upload(db, "KH", "KH-0001.xml", record, "st66", fast)

    assert summary.counts["new"] == 1
    (delivery,) = _deliveries(db)
    assert delivery.state == "held" and delivery.run_id == summary.run_id
    assert _served(db) == {} and _held(db) == 1


def test_reprocessing_leaves_held_records_to_the_gate(db, harvested, fast, office):
    from harvester.reprocess.driver import Options, reprocess
    from harvester.reprocess.selection import Selection

    before = _served(db)
    _held_delivery(db, harvested, fast, office)
    held = _held(db)

    (summary,) = reprocess(db, Selection(office="KH"), Options())

    assert summary.total == 24 - held  # the held ones are not selected
    assert {i: v[1] for i, v in _served(db).items()} == {i: v[1] for i, v in before.items()}
    assert _held(db) == held
