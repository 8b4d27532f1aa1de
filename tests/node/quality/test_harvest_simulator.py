"""Through the real harvester against the simulated office: planted defects become findings in
the records' feedback (the OAI-PMH ``about`` container, the ``feedback`` metadata format and
the quality API); the office repairs a record (``repair``/``update``), the next harvest
resolves them.
"""

from __future__ import annotations

from lxml import etree
from sqlalchemy import select

from harvester.faults import RetryPolicy
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from simulator import trademark_plan
from simulator.server import SimulatedOffice
from store.models import Endpoint, Office, PublishedRecord
from store.quality_models import QualityRunStats
from tests.serving import serve

from .conftest import FB, finding_states

SEED = 11
#: Planted simulator defect → the rule id that reports it.
EXPECTED = {
    "no_kind_mark": "TM-MARK-CATEGORY-MISSING",
    "unknown_status": "VOCAB-UNKNOWN-VALUE",
    "registration_before_application": "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
}


def _settings() -> HarvestSettings:
    policy = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.01, retry_after_cap=0.05)
    return HarvestSettings(timeout=10, policy=policy, overlap=0)


def _feedback(db, source_id: str) -> dict[str, str]:
    with db.session() as session:
        about = session.scalar(
            select(PublishedRecord.about).where(PublishedRecord.oai_identifier.endswith(source_id))
        )
    assert about is not None, source_id
    return finding_states(etree.fromstring(about))


OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def _served(client, oai_identifier: str, prefix: str, path: str) -> dict[str, str]:
    """The finding states of the feedback the OAI-PMH provider serves for the record."""
    response = client.get(
        "/oai",
        query_string={"verb": "GetRecord", "identifier": oai_identifier, "metadataPrefix": prefix},
    )
    assert response.status_code == 200
    element = etree.fromstring(response.data).find(path, {**OAI, **FB})
    assert element is not None, response.data[:500]
    return finding_states(element)


def _api_states(client, oai_identifier: str) -> dict[str, str]:
    """rule id → state of the record's findings in the quality API (every state)."""
    rule_states: dict[str, str] = {}
    for rule in EXPECTED.values():
        query = {"rule": rule, "state": "all", "limit": 200}
        for item in client.get("/api/v1/quality/findings", query_string=query).json["items"]:
            if item["record"] == oai_identifier:
                rule_states[item["rule_id"]] = item["state"]
    return rule_states


def _oai_identifier(db, source_id: str) -> str:
    with db.session() as session:
        return session.scalar(
            select(PublishedRecord.oai_identifier).where(
                PublishedRecord.oai_identifier.endswith(source_id)
            )
        )


def test_planted_defects_found_then_resolved_after_repair(db, offices, client, login, people):
    office = SimulatedOffice("KH", records=60, seed=SEED, page_size=25)
    planted = {
        defect: next(i for i in range(60) if defect in trademark_plan.plan("KH", SEED, i).defects)
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
        login(people.kh)
        for defect, identifier in identifiers.items():
            oai_id = _oai_identifier(db, identifier.rsplit("/", 1)[-1])
            rule = EXPECTED[defect]
            assert _served(client, oai_id, "oai_dc", ".//oai:about/fb:Feedback")[rule] == "open"
            metadata = _served(client, oai_id, "feedback", ".//oai:metadata/fb:Feedback")
            assert metadata[rule] == "open"
            assert _api_states(client, oai_id)[rule] == "open"
        with db.session() as session:
            stats = session.scalars(select(QualityRunStats)).all()
            assert sum(s.checked for s in stats) == 60
            assert sum(s.records_delta for s in stats) == 60
        for index in planted.values():
            office.repair(index)
        assert harvest_endpoint(db, endpoint_id, _settings()).status == "succeeded"
        for defect, identifier in identifiers.items():
            states = _feedback(db, identifier.rsplit("/", 1)[-1])
            assert states.get(EXPECTED[defect]) == "resolved", (defect, states)
            oai_id = _oai_identifier(db, identifier.rsplit("/", 1)[-1])
            served = _served(client, oai_id, "oai_dc", ".//oai:about/fb:Feedback")
            assert served[EXPECTED[defect]] == "resolved"
            assert _api_states(client, oai_id)[EXPECTED[defect]] == "resolved"
