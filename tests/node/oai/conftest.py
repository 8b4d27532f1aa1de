"""Fixtures for the OAI-PMH provider: a populated store, a schema-validating protocol client.

Every response the ``oai`` fixture fetches is validated against OAI-PMH.xsd through a wrapper
schema that also imports oai_dc, oai-identifier, the ST.96 document schemas and the test-only
schemas of the ``original`` and ``about`` payloads (strict wildcards need every namespace), and
every ST.96 record inside is validated against its own document schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from werkzeug.datastructures import MultiDict

from node import oai as provider
from node.extensions import OAI_VIEW_RESOLVER
from node.oai import client_view
from store.models import Office, PublishedRecord, SourceRecord
from xsd import validator

DATA = Path(__file__).resolve().parents[2] / "data"
PUBLISHED = DATA / "st96-published"
OAI_DATA = DATA / "oai"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
ST96_IP_TYPES = {
    "{http://www.wipo.int/standards/XMLSchema/ST96/Trademark}Trademark": "trademarks",
    "{http://www.wipo.int/standards/XMLSchema/ST96/Patent}BibliographicData": "patents",
    "{http://www.wipo.int/standards/XMLSchema/ST96/Design}Design": "designs",
}


@dataclass(frozen=True)
class Fixture:
    """One published record of the test store."""

    key: str
    office: str
    ip_type: str
    number: str
    datestamp: datetime
    deleted: bool = False
    status: str = "valid"
    original: str | None = None  # file under tests/data/oai/
    about: bool = False

    @property
    def identifier(self) -> str:
        return f"oai:iphub.local:{self.office}/{self.ip_type}/{self.number}"


#: The test store, in (datestamp, id) order. R1 and R2 share a datestamp (keyset ties).
FIXTURES = (
    Fixture(
        "R1",
        "KH",
        "trademarks",
        "KH-M-2020-0000001",
        datetime(2024, 1, 1),
        original="original-st66.xml",
        about=True,
    ),
    Fixture("R2", "KH", "patents", "KH-P-2022-0000002", datetime(2024, 1, 1)),
    Fixture("R3", "KH", "designs", "KH-D-2006-0000003", datetime(2024, 1, 2, 12)),
    Fixture("R4", "TH", "trademarks", "TH-M-2011-0000004", datetime(2024, 1, 3)),
    Fixture(
        "R5",
        "KH",
        "trademarks",
        "KH-M-2021-0000005",
        datetime(2024, 1, 4),
        deleted=True,
        original="original-st66.xml",
    ),
    Fixture("R6", "KH", "trademarks", "KH-M-2021-0000006", datetime(2024, 1, 5), status="invalid"),
    Fixture(
        "R7",
        "TH",
        "designs",
        "TH-D-2020-0000007",
        datetime(2024, 1, 6),
        original="original-no-namespace.xml",
    ),
)
OFFICES = {
    "KH": "Department of Intellectual Property Rights, Cambodia",
    "TH": "Department of Intellectual Property, Thailand",
}


@pytest.fixture
def app(app):
    """The root app, its provider open: these tests are about the protocol, not about access
    control (whose resolver the factory installs); view tests install their own resolver."""
    if "oai" not in app.blueprints:
        app.register_blueprint(provider.bp)
        provider.init_app(app)
    app.extensions[OAI_VIEW_RESOLVER] = client_view.open_resolver
    return app


def _insert(session, item: Fixture, office_ids: dict[str, int]) -> None:
    source_id = None
    if item.original:
        source = SourceRecord(
            office_id=office_ids[item.office],
            source_identifier=item.number,
            metadata_prefix="st66",
            raw=(OAI_DATA / item.original).read_bytes(),
            deleted=item.deleted,
        )
        session.add(source)
        session.flush()
        source_id = source.id
    stored = PUBLISHED / f"{item.number}.xml"
    session.add(
        PublishedRecord(
            oai_identifier=item.identifier,
            source_record_id=source_id,
            office_code=item.office,
            ip_type=item.ip_type,
            set_spec=f"{item.office}:{item.ip_type}",
            datestamp=item.datestamp,
            st96=None if item.deleted else stored.read_bytes().strip(),
            dc=None if item.deleted else stored.with_suffix(".dc.xml").read_bytes().strip(),
            validation_status=item.status,
            application_number=item.number,
            about=(OAI_DATA / "feedback.xml").read_bytes().strip() if item.about else None,
            deleted=item.deleted,
        )
    )
    session.flush()


@pytest.fixture
def store(app, db) -> dict[str, Fixture]:
    """The seven fixture records, keyed R1..R7."""
    with db.session() as session:
        offices = [Office(code=code, name=name) for code, name in OFFICES.items()]
        session.add_all(offices)
        session.flush()
        office_ids = {o.code: o.id for o in offices}
        for item in FIXTURES:
            _insert(session, item, office_ids)
    return {item.key: item for item in FIXTURES}


def _wrapper_schema(st96: Path, oai: Path) -> etree.XMLSchema:
    imports = (
        # The full Common schema first: the document schemas each import their own subset of
        # the Common namespace, and libxml2 keeps only the first import of a namespace.
        ("http://www.wipo.int/standards/XMLSchema/ST96/Common", st96 / "Common_V6_0.xsd"),
        (NS["oai"], oai / "OAI-PMH.xsd"),
        (NS["oai_dc"], oai / "oai_dc.xsd"),
        (NS["id"], oai / "oai-identifier.xsd"),
        (
            "http://www.wipo.int/standards/XMLSchema/ST96/Trademark",
            st96 / "TrademarkApplication_V6_0.xsd",
        ),
        (
            "http://www.wipo.int/standards/XMLSchema/ST96/Patent",
            st96 / "PatentPublication_V6_0.xsd",
        ),
        (
            "http://www.wipo.int/standards/XMLSchema/ST96/Design",
            st96 / "DesignApplication_V6_0.xsd",
        ),
        ("http://www.wipo.int/standards/XMLSchema/trademarks", OAI_DATA / "original-st66.xsd"),
        ("urn:iphub:test:feedback", OAI_DATA / "feedback.xsd"),
    )
    body = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{path.resolve().as_uri()}"/>'
        for ns, path in imports
    )
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'targetNamespace="urn:iphub:test:wrapper">{body}</xs:schema>'
    )
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


@pytest.fixture(scope="session")
def response_schema(st96_dir: Path, oai_xsd_dir: Path) -> etree.XMLSchema:
    """OAI-PMH.xsd and every payload schema, compiled once per test session."""
    return _wrapper_schema(st96_dir, oai_xsd_dir)


def check_response(data: bytes, schema: etree.XMLSchema) -> etree._Element:
    """Parse and validate one response and each ST.96 record in it; returns the root."""
    root = etree.fromstring(data)
    if not schema.validate(root):
        raise AssertionError(f"response not valid against OAI-PMH.xsd: {schema.error_log}")
    for metadata in root.iterfind(".//oai:metadata", NS):
        payload = metadata[0]
        ip_type = ST96_IP_TYPES.get(payload.tag)
        if ip_type:
            status, errors = validator.validate(etree.fromstring(etree.tostring(payload)), ip_type)
            assert status == "valid", errors
    return root


class OAIHarness:
    """Requests /oai by GET or POST and returns the validated response root."""

    def __init__(self, client, schema: etree.XMLSchema) -> None:
        self.client = client
        self.schema = schema

    def get(self, *pairs: tuple[str, str], **args: str) -> etree._Element:
        return self.request("GET", *pairs, **args)

    def post(self, *pairs: tuple[str, str], **args: str) -> etree._Element:
        return self.request("POST", *pairs, **args)

    def request(self, method: str, *pairs: tuple[str, str], **args: str) -> etree._Element:
        items = list(pairs) + [(k.rstrip("_"), v) for k, v in args.items()]
        if method == "GET":
            response = self.client.get("/oai", query_string=items)
        else:
            response = self.client.post(
                "/oai", data=MultiDict(items), content_type="application/x-www-form-urlencoded"
            )
        assert response.status_code == 200, response.data[:500]
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        return check_response(response.data, self.schema)

    def harvest(self, verb: str, **args: str) -> tuple[list[etree._Element], list[etree._Element]]:
        """Follow resumption tokens to the end: (items, resumptionToken elements)."""
        tag = "oai:record" if verb == "ListRecords" else "oai:header"
        items, tokens = [], []
        root = self.get(verb=verb, **args)
        while True:
            items += root.findall(f"oai:{verb}/{tag}", NS)
            token = root.find(f"oai:{verb}/oai:resumptionToken", NS)
            if token is None:
                return items, tokens
            tokens.append(token)
            if not token.text:
                return items, tokens
            root = self.get(verb=verb, resumptionToken=token.text)


@pytest.fixture
def oai(client, response_schema) -> OAIHarness:
    return OAIHarness(client, response_schema)


def error_codes(root: etree._Element) -> list[str]:
    return [e.get("code") for e in root.findall("oai:error", NS)]


def identifiers(elements) -> list[str]:
    """Identifiers of header or record elements."""
    found = []
    for element in elements:
        header = element if element.tag.endswith("header") else element.find("oai:header", NS)
        found.append(header.findtext("oai:identifier", namespaces=NS))
    return found


@pytest.fixture
def helpers():
    """Small functions the test modules share (they cannot import this conftest)."""

    class Helpers:
        ns = NS
        fixtures = FIXTURES
        codes = staticmethod(error_codes)
        ids = staticmethod(identifiers)
        check = staticmethod(check_response)
        harness = OAIHarness

    return Helpers
