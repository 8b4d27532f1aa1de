"""Document URLs are listed only for clients whose view includes documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from node.documents import listing
from node.oai.client_view import UNRESTRICTED, OaiView
from store.models import PublishedRecord
from tests.documents_support import add_record, attach, trademark

SCHEMA = Path(listing.__file__).with_name(listing.SCHEMA_FILE)
DATA_ONLY = OaiView("data-client", frozenset({("KH", "trademarks")}), originals=False)
DOCUMENTS = OaiView("docs-client", frozenset({("KH", "trademarks")}), originals=True)


class DocumentsScope:
    """What access control will hand the provider: an explicit documents check."""

    client_id = "explicit"
    originals = True

    def allows(self, office: str, ip_type: str) -> bool:
        return True

    def allows_documents(self, office: str, ip_type: str) -> bool:
        return office == "SG"


@pytest.fixture
def records(db, store, png_bytes, jpeg_bytes):
    """Two KH records (two images, one image) and one SG record, as header-like rows."""
    one = add_record(db, trademark("1", "1a.png", "1b.jpg"), ident="1")
    attach(db, store, one, png_bytes, "1a.png")
    attach(db, store, one, jpeg_bytes, "1b.jpg", "image/jpeg")
    two = add_record(db, trademark("2", "2.png"), ident="2")
    attach(db, store, two, png_bytes, "2.png")
    three = add_record(db, trademark("3", "3.png"), office="SG", ident="3")
    attach(db, store, three, png_bytes, "3.png")
    with db.session() as session:
        return session.query(PublishedRecord).order_by(PublishedRecord.id).all()


def test_documents_scope_gets_one_fragment_per_record(db, records):
    abouts = listing.page_abouts(db, records, DOCUMENTS, "https://node.example/oai")
    assert sorted(abouts) == [records[0].id, records[1].id]  # SG is outside the grant
    fragment = etree.fromstring(abouts[records[0].id])
    items = fragment.findall(f"{{{listing.NS}}}document")
    assert [i.get("fileName") for i in items] == ["1a.png", "1b.jpg"]
    assert items[0].get("href").startswith("https://node.example/documents/KH/trademarks/")
    assert items[1].get("mimeType") == "image/jpeg" and items[1].get("role") == "mark-image"


def test_data_only_scope_gets_nothing(db, records):
    assert listing.page_abouts(db, records, DATA_ONLY, "https://node.example/oai") == {}


def test_explicit_documents_check_is_preferred(db, records):
    abouts = listing.page_abouts(db, records, DocumentsScope(), "https://node.example/oai")
    assert list(abouts) == [records[2].id]


def test_deleted_records_are_not_listed(db, records):
    with db.session() as session:
        session.get(PublishedRecord, records[0].id).deleted = True
    records[0].deleted = True
    assert records[0].id not in listing.page_abouts(db, records, UNRESTRICTED, "http://n/oai")


def test_listed_urls_are_served(client, db, records, png_bytes):
    abouts = listing.page_abouts(db, records, UNRESTRICTED, "http://localhost/oai")
    href = etree.fromstring(abouts[records[1].id])[0].get("href")
    assert client.get(href.removeprefix("http://localhost")).data == png_bytes


def test_fragment_is_valid_against_its_schema(db, records):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for fragment in listing.page_abouts(db, records, UNRESTRICTED, "http://n/oai").values():
        schema.assertValid(etree.fromstring(fragment))


@pytest.mark.parametrize(
    ("base", "root"),
    [
        ("https://n.example/oai", "https://n.example"),
        ("http://h/x/oai/", "http://h/x"),
        ("http://h", "http://h"),
    ],
)
def test_node_root(base, root):
    assert listing.node_root(base) == root
