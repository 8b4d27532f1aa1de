"""Every finding the offices named, end to end: a record with the defect goes through the
pipeline (process_record → run_rules → apply_findings), the finding shows in the record's
``about`` feedback, under the ``feedback`` metadata prefix, in the API and on the dashboard;
the fixed record, harvested again, resolves it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from lxml import etree

from store import feedback
from tests import schemas

from .conftest import DEFECTS, FB, defect_params, feedback_of, finding_states

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


@functools.cache
def oai_schema() -> etree.XMLSchema | None:
    """OAI-PMH.xsd with oai_dc and the feedback schema: its wildcards are strict, so every
    namespace inside ``metadata`` and ``about`` needs its schema loaded. None without the
    schemas (``IPHUB_TEST_REQUIRE_SCHEMAS`` makes that stop the run instead)."""
    if schemas.OAI is None:
        return None
    imports = {
        "http://www.openarchives.org/OAI/2.0/": schemas.OAI / "OAI-PMH.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/": schemas.OAI / "oai_dc.xsd",
        feedback.NS: Path(str(feedback.SCHEMA_PATH)),
    }
    body = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>'
        for ns, path in imports.items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


def _get_record(client, record_identifier: str, prefix: str) -> etree._Element:
    response = client.get(
        "/oai",
        query_string={
            "verb": "GetRecord",
            "identifier": record_identifier,
            "metadataPrefix": prefix,
        },
    )
    assert response.status_code == 200
    root = etree.fromstring(response.data)
    schema = oai_schema()
    if schema is not None:
        assert schema.validate(root), schema.error_log
    return root


@pytest.mark.parametrize("defect", defect_params())
def test_defect_found_everywhere_then_resolved(defect, harvest, db, client, login, people):
    run = harvest.run()
    record_id, changed = harvest.record("R1", defect.bad(), defect.prefix, run)
    assert changed
    root = feedback_of(db, record_id)
    assert feedback.schema().validate(root), feedback.schema().error_log
    assert finding_states(root).get(defect.rule_id) == "open"
    identifier = root.findtext("fb:RecordIdentifier", namespaces=FB)

    # the about container comes with every format; oai_dc is served for invalid records too
    about = _get_record(client, identifier, "oai_dc").find(
        ".//oai:about/fb:Feedback", {**OAI, **FB}
    )
    assert about is not None and finding_states(about)[defect.rule_id] == "open"
    harvested = _get_record(client, identifier, "feedback")
    metadata = harvested.find(".//oai:metadata/fb:Feedback", {**OAI, **FB})
    assert finding_states(metadata)[defect.rule_id] == "open"

    login(people.kh)
    listed = client.get("/api/v1/quality/findings", query_string={"rule": defect.rule_id}).json
    assert listed["total"] >= 1
    assert {i["record"] for i in listed["items"]} == {identifier}
    page = client.get("/portal/KH/quality").get_data(as_text=True)
    assert defect.rule_id in page

    _, changed = harvest.record("R1", defect.good(), defect.prefix, harvest.run())
    assert changed
    assert finding_states(feedback_of(db, record_id))[defect.rule_id] == "resolved"
    if defect.generated:
        element = root.find(f"fb:Finding[@ruleId='{defect.rule_id}']", FB)
        assert element.get("generated") == "true"


def test_feedback_format_is_listed(harvest, client):
    harvest.record("R1", DEFECTS[0].bad(), DEFECTS[0].prefix, harvest.run())
    response = client.get("/oai", query_string={"verb": "ListMetadataFormats"})
    root = etree.fromstring(response.data)
    prefixes = {p.text for p in root.iterfind(".//oai:metadataPrefix", OAI)}
    assert "feedback" in prefixes
    namespaces = {n.text for n in root.iterfind(".//oai:metadataNamespace", OAI)}
    assert feedback.NS in namespaces


def test_feedback_schema_is_served(client):
    response = client.get("/schemas/feedback-1.xsd")
    assert response.status_code == 200
    assert b'targetNamespace="urn:iphub:feedback:1"' in response.data


def test_incremental_feedback_harvest_sees_a_fix(harvest, client, db):
    """ListRecords from the last harvest's time finds the record whose feedback changed."""
    defect = DEFECTS[1]
    harvest.record("R1", defect.bad(), defect.prefix, harvest.run())
    harvest.record("R2", defect.good(), defect.prefix, harvest.run())
    from datetime import datetime

    from store.models import PublishedRecord

    with db.session() as session:
        for row in session.query(PublishedRecord):
            row.datestamp = datetime(2020, 1, 1)
    harvest.record("R1", defect.good(), defect.prefix, harvest.run())
    response = client.get(
        "/oai",
        query_string={"verb": "ListRecords", "metadataPrefix": "feedback", "from": "2021-01-01"},
    )
    root = etree.fromstring(response.data)
    records = root.findall(".//oai:record", OAI)
    assert len(records) == 1
    assert (
        finding_states(records[0].find(".//oai:metadata/fb:Feedback", {**OAI, **FB}))[
            defect.rule_id
        ]
        == "resolved"
    )
