"""From the office's files to a third party: documents grant downloads all, data-only none."""

from __future__ import annotations

from lxml import etree
from sqlalchemy import select

from harvester.documents import harvest_documents
from node.documents import listing
from node.extensions import DOCUMENT_ACCESS
from node.oai.client_view import OaiView
from simulator.documents import document
from store.models import PublishedRecord
from tests.documents_support import Client, GrantSeam, add_record, design, trademark
from tests.harvester.documents.conftest import configure, new_run

DOCS = Client("wipo-docs", "KH", "trademarks", "documents")
DATA = Client("acme-data", "KH", "trademarks", "data")
SCOPES = {
    DOCS.name: OaiView(DOCS.name, frozenset({("KH", "trademarks")}), originals=True),
    DATA.name: OaiView(DATA.name, frozenset({("KH", "trademarks")}), originals=False),
}


def test_documents_grant_downloads_everything_data_only_nothing(
    app, client, db, store, office_url, fast
):
    configure(db, "KH", office_url)
    names = {"1.jpg", "1.png", "2.gif", "3.jpg"}
    add_record(db, trademark("1", "1.jpg", "1.png"), ident="1")
    add_record(db, trademark("2", "2.gif"), ident="2")
    add_record(db, trademark("3", "3.jpg"), ident="3")
    add_record(db, design("D", "D_1_1.jpg"), ip_type="designs", ident="D")  # not granted
    assert harvest_documents(db, store, "KH", new_run(db), fast).fetched == 5
    app.extensions[DOCUMENT_ACCESS] = GrantSeam(DOCS, DATA)
    with db.session() as session:
        rows = session.scalars(select(PublishedRecord).order_by(PublishedRecord.id)).all()

    listed = listing.page_abouts(db, rows, SCOPES[DOCS.name], "http://localhost/oai")
    items = [item for fragment in listed.values() for item in etree.fromstring(fragment)]
    assert {i.get("fileName") for i in items} == names
    for item in items:
        url = item.get("href").removeprefix("http://localhost")
        response = client.get(url, headers=DOCS.headers)
        assert response.status_code == 200
        assert response.data == document(item.get("fileName"))[0]
        assert client.get(url, headers=DATA.headers).status_code == 403
        assert client.head(url, headers=DATA.headers).status_code == 403

    assert listing.page_abouts(db, rows, SCOPES[DATA.name], "http://localhost/oai") == {}
