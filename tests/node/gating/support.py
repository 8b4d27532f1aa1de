"""A held delivery made directly in the store (no harvest): for the page, API, CLI and browser
tests, over the demo world's published records."""

from __future__ import annotations

from sqlalchemy import select

from store.gating import decide, settings
from store.gating.models import GateDelivery, HeldRecord
from store.models import HarvestRun, Office, PublishedRecord

HELD_ST96 = b"<tmk:Trademark xmlns:tmk='urn:held'>held version</tmk:Trademark>"
FINDING = {"rule_id": "TM-MARK-CATEGORY-MISSING", "severity": "error",
           "path": "/tmk:Trademark/tmk:MarkCategory", "message": "No mark category.",
           "suggestion": "", "generated": False}  # fmt: skip


def held_delivery(db, office: str = "KH", *, office_may_release: bool = False) -> int:
    """Two of the office's trademark records held with an error finding each; the id."""
    with db.session() as session:
        settings.set_limits(session, office, "trademarks", "test", critical_share=0.2,
                            office_may_release=office_may_release)  # fmt: skip
        office_id = session.scalar(select(Office.id).where(Office.code == office))
        run = HarvestRun(office_id=office_id, kind="upload", status="succeeded", errors=[])
        session.add(run)
        session.flush()
        served = session.scalars(
            select(PublishedRecord)
            .where(PublishedRecord.office_code == office, PublishedRecord.ip_type == "trademarks")
            .order_by(PublishedRecord.id)
            .limit(2)
        )
        for record in served:
            session.add(HeldRecord(
                run_id=run.id, oai_identifier=record.oai_identifier,
                published_record_id=record.id, office_code=office, ip_type="trademarks",
                set_spec=record.set_spec, st96=HELD_ST96, dc=record.dc,
                validation_status="invalid", validation_errors=["Element 'x': not expected."],
                application_number=record.application_number, deleted=False,
                findings=[FINDING], critical=1,
            ))  # fmt: skip
        session.flush()
        decide.close_run(session, run.id)
        return session.scalar(select(GateDelivery.id).where(GateDelivery.run_id == run.id))
