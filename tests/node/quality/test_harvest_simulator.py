"""Through the real harvester against the simulated office: planted defects become findings in
the records' feedback; the office repairs a record (``repair``/``update``), the next harvest
resolves them.

Needs the ingest to call ``apply_findings`` (the integration the lead wires in
``harvester/ingest.py``); until then the test skips with that reason.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from lxml import etree
from sqlalchemy import select
from werkzeug.serving import make_server

from harvester.faults import RetryPolicy
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from harvester.simulator import trademarks
from harvester.simulator.server import SimulatedOffice
from node.storage.models import Endpoint, Office, PublishedRecord

from .conftest import finding_states

SEED = 11
#: Planted simulator defect → the rule id that reports it.
EXPECTED = {
    "no_kind_mark": "TM-MARK-CATEGORY-MISSING",
    "unknown_status": "VOCAB-UNKNOWN-VALUE",
    "registration_before_application": "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
}


@contextmanager
def serve(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/oai"
    finally:
        server.shutdown()
        thread.join()


def _settings() -> HarvestSettings:
    policy = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.01, retry_after_cap=0.05)
    return HarvestSettings(timeout=10, policy=policy, overlap=0)


def _feedback(db, source_id: str) -> dict[str, str]:
    with db.session() as session:
        about = session.scalar(
            select(PublishedRecord.about).where(PublishedRecord.oai_identifier.endswith(source_id))
        )
    if about is None:
        pytest.skip("harvester.ingest does not call node.quality.apply_findings yet")
    return finding_states(etree.fromstring(about))


def test_planted_defects_found_then_resolved_after_repair(db, offices):
    office = SimulatedOffice("KH", records=60, seed=SEED, page_size=25)
    planted = {
        defect: next(i for i in range(60) if defect in trademarks.plan("KH", SEED, i).defects)
        for defect in EXPECTED
    }
    with db.session() as session:
        kh = session.scalar(select(Office).where(Office.code == "KH"))
        with serve(office) as url:
            endpoint = Endpoint(url=url, metadata_prefix="st66")
            kh.endpoints.append(endpoint)
            session.flush()
            endpoint_id = endpoint.id
    with serve(office) as url:
        with db.session() as session:
            session.get(Endpoint, endpoint_id).url = url
        assert harvest_endpoint(db, endpoint_id, _settings()).status == "succeeded"
        identifiers = {d: office.identifier(i) for d, i in planted.items()}
        for defect, identifier in identifiers.items():
            states = _feedback(db, identifier.rsplit("/", 1)[-1])
            assert states.get(EXPECTED[defect]) == "open", (defect, states)
        for index in planted.values():
            office.repair(index)
        assert harvest_endpoint(db, endpoint_id, _settings()).status == "succeeded"
        for defect, identifier in identifiers.items():
            states = _feedback(db, identifier.rsplit("/", 1)[-1])
            assert states.get(EXPECTED[defect]) == "resolved", (defect, states)
