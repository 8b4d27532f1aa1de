"""The whole road of issue 3: simulated offices → harvest → ST.96 → OAI-PMH node → sickle.

Driven through the real CLI commands and a real HTTP server on both databases: every source
record ends up either published or kept with its failure, and every record a third party
harvests validates (ST.96 against the official XSD, oai_dc against its schema).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle
from sqlalchemy import func, select

from iphub.cli import cli
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.models import PublishedRecord, SourceRecord
from xsd.validator import validate

OFFICES = (("KH", ("trademarks", "patents", "designs")), ("TH", ("trademarks",)))
PREFIXES = {"trademarks": "st66", "patents": "st36", "designs": "st86"}
RECORDS = 25
ST96_NS = "http://www.wipo.int/standards/XMLSchema/ST96/"


@pytest.fixture
def offices():
    """Two simulated offices on local ports, for the length of the test."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        urls = {
            code: stack.enter_context(running(SimulatedOffice(code, records=RECORDS, seed=3,
                                                              ip_types=types)))
            for code, types in OFFICES
        }  # fmt: skip
        yield urls


@pytest.fixture
def dc_schema(oai_xsd_dir: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(oai_xsd_dir / "oai_dc.xsd")))


def _cli(runner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_offices_to_third_party(app, runner, db, offices, node_url, dc_schema):
    for code, types in OFFICES:
        prefixes = [arg for t in types for arg in ("--metadata-prefix", PREFIXES[t])]
        _cli(runner, "office", "add", code, "--name", f"{code} office", "--endpoint",
             offices[code], *prefixes)  # fmt: skip
    summary = _cli(runner, "harvest", "--quiet")
    assert summary.count("succeeded") == 4, summary

    with db.session() as session:
        sources = session.scalar(select(func.count()).select_from(SourceRecord))
        failed = session.scalar(select(func.count()).where(SourceRecord.error.is_not(None)))
        published = session.scalar(
            select(func.count()).where(PublishedRecord.source_record_id.is_not(None))
        )
    assert sources >= 4 * RECORDS * 0.95  # a few simulated deletions were never published
    # A record is never lost: published, kept as a failure, or a deletion of one never served.
    with db.session() as session:
        deleted_unseen = session.scalar(
            select(func.count()).where(SourceRecord.deleted.is_(True), SourceRecord.raw.is_(None))
        )
    assert published + failed + deleted_unseen == sources

    _cli(runner, "third-party", "add", "WIPO", "--name", "World Intellectual Property Org")
    grants = {}
    for ip_type in ("trademarks", "designs"):
        output = _cli(runner, "grant", "add", "--office", "KH", "--third-party", "WIPO",
                      "--ip-type", ip_type, "--level", "data", "--json")  # fmt: skip
        grants[ip_type] = json.loads(output)
    credentials = grants["trademarks"]
    hub = Sickle(node_url, auth=(credentials["client_id"], credentials["client_secret"]))

    assert {s.setSpec for s in hub.ListSets()} == {"KH", "KH:trademarks"}
    st96 = list(hub.ListRecords(metadataPrefix="st96"))
    assert st96, "the granted set holds records"
    for record in st96:
        assert record.header.identifier.startswith("oai:iphub.local:KH/trademarks/")
        if record.header.deleted:
            continue
        root = record.xml.find(".//{http://www.openarchives.org/OAI/2.0/}metadata")[0]
        assert root.tag.startswith("{" + ST96_NS)
        status, errors = validate(root, "trademarks")
        assert status == "valid", errors
    for record in hub.ListRecords(metadataPrefix="oai_dc"):
        if not record.header.deleted:
            dc = record.xml.find(".//{http://www.openarchives.org/OAI/2.0/}metadata")[0]
            assert dc_schema.validate(dc), dc_schema.error_log


def test_unauthenticated_harvest_is_refused(app, node_url):
    import requests

    response = requests.get(node_url, params={"verb": "Identify"}, timeout=10)
    assert response.status_code == 401
    assert "Basic" in response.headers["WWW-Authenticate"]
