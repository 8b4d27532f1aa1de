"""Issue 9 end to end: the office's files → harvest → document store → OAI-PMH → third party.

Driven through the real CLI and a real HTTP server on both databases: a simulated office
serves records and the images they name; ``iphub office add --documents`` points the hub at
them; the harvest fetches them (a fake image and a missing one become findings, the run still
succeeds); a client with a "documents" grant sees their URLs in ``<about>`` and downloads each,
a "data only" client sees no URL and is refused the same downloads, no credentials is 401.
"""

from __future__ import annotations

import hashlib
import json

import pytest
import requests
from lxml import etree
from sickle import Sickle
from sqlalchemy import select

from harvester.documents import run_counts
from iphub.cli import cli
from node.documents.listing import NS as IPD
from simulator.documents import document
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.document_findings import FETCH_FAILED, REFUSED
from store.document_models import DocumentSource, RecordDocument
from store.models import HarvestRun, PublishedRecord
from store.quality_models import QualityFinding

RECORDS = 25
OAI = "{http://www.openarchives.org/OAI/2.0/}"


@pytest.fixture
def office():
    return SimulatedOffice("KH", records=RECORDS, seed=3, ip_types=("trademarks",))


@pytest.fixture
def office_url(office):
    with running(office) as url:
        yield url


def _cli(runner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def image_names(office_url: str) -> list[str]:
    """The mark image file names the office's records give, read from its own OAI-PMH."""
    names = []
    for record in Sickle(office_url).ListRecords(metadataPrefix="st66"):
        if record.header.deleted:
            continue
        names += [
            el.text.strip()
            for el in record.xml.iter()
            if isinstance(el.tag, str) and etree.QName(el).localname == "MarkImageFilename"
        ]
    return names


def listed(hub: Sickle) -> list[etree._Element]:
    """Every ``ipd:document`` in the ``<about>`` containers of the client's ListRecords."""
    found = []
    for record in hub.ListRecords(metadataPrefix="st96"):
        for about in record.xml.iter(f"{OAI}about"):
            found += about.iter(f"{{{IPD}}}document")
    return found


def test_documents_travel_from_office_to_granted_client_only(
    app, runner, db, office, office_url, node_url
):
    names = image_names(office_url)
    assert len(names) >= 5, names
    fake = next((n for n in names if n.endswith(".png")), names[0])  # HTML under an image name
    missing = next(n for n in names if n != fake)  # 404 at the office
    office.documents.fake.add(fake)
    office.documents.missing.add(missing)
    good = set(names) - {fake, missing}

    pattern = office_url.removesuffix("/oai") + "/documents/{filename}"
    _cli(runner, "office", "add", "KH", "--name", "Cambodia", "--endpoint", office_url,
         "--metadata-prefix", "st66", "--documents", pattern)  # fmt: skip
    with db.session() as session:
        assert session.scalar(select(DocumentSource.url_pattern)) == pattern

    summary = _cli(runner, "harvest", "--quiet")
    assert "succeeded" in summary, summary
    assert f"documents: {len(good)} fetched" in summary, summary
    assert "1 failed, 1 refused" in summary, summary

    with db.session() as session:
        run = session.scalars(select(HarvestRun)).one()
        assert run.status == "succeeded"
        counts = run_counts(session, run.id)
        status = dict(
            session.execute(select(RecordDocument.reference, RecordDocument.status)).all()
        )
        findings = {
            (f.rule_id, f.state)
            for f in session.scalars(
                select(QualityFinding).where(QualityFinding.rule_id.in_((FETCH_FAILED, REFUSED)))
            )
        }
        feedback = b"".join(
            session.scalars(select(PublishedRecord.about).where(PublishedRecord.about.is_not(None)))
        )
    assert counts == {"fetched": len(good), "failed": 1, "refused": 1}
    assert status[fake] == "refused" and status[missing] == "failed"
    assert {status[n] for n in good} == {"fetched"}
    assert findings == {(FETCH_FAILED, "open"), (REFUSED, "open")}
    assert FETCH_FAILED.encode() in feedback and REFUSED.encode() in feedback

    _cli(runner, "third-party", "add", "WIPO", "--name", "World Intellectual Property Org")
    _cli(runner, "third-party", "add", "ACME", "--name", "Acme Data Ltd")
    documents = json.loads(_cli(runner, "grant", "add", "--office", "KH", "--third-party",
                                "WIPO", "--ip-type", "trademarks", "--level", "documents",
                                "--json"))  # fmt: skip
    data = json.loads(_cli(runner, "grant", "add", "--office", "KH", "--third-party", "ACME",
                           "--ip-type", "trademarks", "--level", "data", "--json"))  # fmt: skip
    docs_auth = (documents["client_id"], documents["client_secret"])
    data_auth = (data["client_id"], data["client_secret"])

    items = listed(Sickle(node_url, auth=docs_auth))
    assert {i.get("fileName") for i in items} == good
    urls = []
    for item in items:
        url, sha256 = item.get("href"), item.get("sha256")
        assert url.startswith(node_url.removesuffix("/oai") + "/documents/KH/trademarks/")
        response = requests.get(url, auth=docs_auth, timeout=10)
        assert response.status_code == 200, url
        assert hashlib.sha256(response.content).hexdigest() == sha256 == url.rsplit("/", 1)[1]
        assert response.content == document(item.get("fileName"))[0]
        urls.append(url)

    assert listed(Sickle(node_url, auth=data_auth)) == []
    for url in urls:
        assert requests.get(url, auth=data_auth, timeout=10).status_code == 403
        assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(node_url, params={"verb": "Identify"}, timeout=10).status_code == 401
