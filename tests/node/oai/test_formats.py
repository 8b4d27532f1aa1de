"""ListMetadataFormats and the format registry."""

from __future__ import annotations

import pytest

from node.extensions import OAI_VIEW_RESOLVER
from node.oai import client_view, formats
from tests.conftest import DATA

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
PAT = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"
ST66 = "http://www.wipo.int/standards/XMLSchema/trademarks"


OWN = {"st96", "oai_dc", "original"}  # other packages may register more (e.g. feedback)


def _formats(root, ns) -> list[tuple[str, str]]:
    """(prefix, namespace) of the provider's own formats in a ListMetadataFormats response."""
    return [
        (
            f.findtext("oai:metadataPrefix", namespaces=ns),
            f.findtext("oai:metadataNamespace", namespaces=ns),
        )
        for f in root.iterfind("oai:ListMetadataFormats/oai:metadataFormat", ns)
        if f.findtext("oai:metadataPrefix", namespaces=ns) in OWN
    ]


def test_repository_formats(oai, helpers, store):
    found = _formats(oai.get(verb="ListMetadataFormats"), helpers.ns)
    prefixes = [p for p, _ in found]
    assert sorted(prefixes) == sorted(OWN)  # each prefix once, though st96 spans 3 IP types
    assert ("st96", formats.MIXED_ST96[1]) in found
    assert ("oai_dc", formats.OAI_DC_NS) in found
    assert ("original", ST66) in found


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        (
            {("KH", "trademarks")},
            {("st96", TMK), ("oai_dc", formats.OAI_DC_NS), ("original", ST66)},
        ),
        ({("KH", "patents")}, {("st96", PAT), ("oai_dc", formats.OAI_DC_NS)}),
        (  # TH's design original has no namespace: not disseminated as original
            {("TH", "designs"), ("TH", "trademarks")},
            {("st96", formats.MIXED_ST96[1]), ("oai_dc", formats.OAI_DC_NS)},
        ),
        (set(), {("st96", formats.MIXED_ST96[1]), ("oai_dc", formats.OAI_DC_NS)}),
    ],
    ids=["KH-trademarks", "KH-patents", "TH-designs-trademarks", "no-grant"],
)
def test_repository_formats_follow_the_scope(oai, helpers, store, app, grants, expected):
    """A client sees only the namespaces of what it may harvest, each prefix once."""
    app.extensions[OAI_VIEW_RESOLVER] = lambda request: client_view.OaiView("c", frozenset(grants))
    found = _formats(oai.get(verb="ListMetadataFormats"), helpers.ns)
    assert sorted(found) == sorted(expected)


def test_original_in_several_formats_is_listed_once(oai, helpers, store, db):
    """Originals in two office formats: ``original`` once, described as mixed."""
    from sqlalchemy import select

    from store.models import PublishedRecord, SourceRecord

    with db.session() as session:
        record = session.scalar(
            select(PublishedRecord).where(PublishedRecord.oai_identifier == store["R3"].identifier)
        )
        source = SourceRecord(
            office_id=session.scalar(select(SourceRecord.office_id).limit(1)),
            source_identifier=store["R3"].number,
            metadata_prefix="st86",
            raw=(DATA / "st86" / "KH-registered.xml").read_bytes(),
        )
        session.add(source)
        session.flush()
        record.source_record_id = source.id
    found = _formats(oai.get(verb="ListMetadataFormats"), helpers.ns)
    assert [p for p, _ in found].count("original") == 1
    assert ("original", formats.MIXED_ORIGINAL[1]) in found


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("R1", {("st96", TMK), ("oai_dc", formats.OAI_DC_NS), ("original", ST66)}),
        ("R4", {("st96", TMK), ("oai_dc", formats.OAI_DC_NS)}),
        ("R6", {("oai_dc", formats.OAI_DC_NS)}),  # invalid: not disseminated as st96
        (
            "R7",
            {
                ("st96", "http://www.wipo.int/standards/XMLSchema/ST96/Design"),
                ("oai_dc", formats.OAI_DC_NS),
            },
        ),  # original without a namespace
    ],
)
def test_record_formats(oai, helpers, store, key, expected):
    root = oai.get(verb="ListMetadataFormats", identifier=store[key].identifier)
    assert {(p, ns) for p, ns in _formats(root, helpers.ns) if p in OWN} == expected


def test_deleted_record_formats(oai, helpers, store):
    root = oai.get(verb="ListMetadataFormats", identifier=store["R5"].identifier)
    # the office's original is kept for a deleted record, so all three are still described
    assert {p for p, _ in _formats(root, helpers.ns)} & OWN == {"st96", "oai_dc", "original"}


def test_unknown_identifier(oai, helpers, store):
    root = oai.get(verb="ListMetadataFormats", identifier="oai:iphub.local:XX/trademarks/1")
    assert helpers.codes(root) == ["idDoesNotExist"]


def test_no_metadata_formats(oai, helpers, store, db):
    from sqlalchemy import update

    from store.models import PublishedRecord

    with db.session() as session:
        session.execute(
            update(PublishedRecord)
            .where(PublishedRecord.oai_identifier == store["R6"].identifier)
            .values(dc=None)
        )
    root = oai.get(verb="ListMetadataFormats", identifier=store["R6"].identifier)
    assert helpers.codes(root) == ["noMetadataFormats"]


def test_schema_urls_are_wipo_st96():
    for schema, namespace in formats.ST96_BY_IP_TYPE.values():
        assert schema.startswith("https://www.wipo.int/standards/XMLSchema/ST96/V6_0/")
        assert namespace.startswith("http://www.wipo.int/standards/XMLSchema/ST96/")


def test_root_namespace_reads_only_the_start_tag():
    assert formats.root_namespace(b'<a:x xmlns:a="urn:a"><unclosed>') == "urn:a"
    assert formats.root_namespace(b"<x/>") is None
    assert formats.root_namespace(b"not xml") is None


def test_registry_is_extensible(oai, helpers, store, app):
    from store.models import PublishedRecord

    about = PublishedRecord.__table__.c.about
    extra = formats.MetadataFormat(
        prefix="about-test",
        payload=about,
        available=about.is_not(None),
        describe=lambda _t, p: ("urn:feedback.xsd", "urn:iphub:test:feedback") if p else None,
        description=("urn:feedback.xsd", "urn:iphub:test:feedback"),
    )
    formats.register(app, extra)
    try:
        root = oai.get(verb="ListMetadataFormats")
        listed = [p.text for p in root.iter(f"{{{helpers.ns['oai']}}}metadataPrefix")]
        assert "about-test" in listed
        root = oai.get(verb="ListRecords", metadataPrefix="about-test")
        assert helpers.ids(root.iterfind("oai:ListRecords/oai:record", helpers.ns)) == [
            store["R1"].identifier,
            store["R5"].identifier,
        ]
    finally:
        formats.registry_of(app).pop("about-test")


def test_each_app_has_its_own_registry(app):
    from node import create_app

    other = create_app({"DATABASE_URL": "sqlite://", "TESTING": True})
    extra = formats.MetadataFormat(
        prefix="only-here",
        payload=formats.built_in()[1].payload,
        available=formats.built_in()[1].available,
        describe=lambda _t, _p: None,
    )
    formats.register(other, extra)
    assert "only-here" in formats.registry_of(other)
    assert "only-here" not in formats.registry_of(app)
    assert list(formats.registry_of(app))[:3] == ["st96", "oai_dc", "original"]


def test_every_verb_has_a_handler():
    from node.oai.handlers import HANDLERS
    from oaiprotocol.verbs import VERBS

    assert set(HANDLERS) == set(VERBS)
