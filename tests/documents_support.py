"""Shared by the document tests of the store, the node and the harvester: ST.96 records
referencing files, seeding, a grant seam, and the fixtures of the app's document store and sample
files. The fixtures are imported by the conftests that use them
(``from tests.documents_support import store``), as in :mod:`tests.access_support`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask, Request, Response
from sqlalchemy import select

import node.documents
from node.extensions import DOCUMENT_STORE
from simulator.documents import jpeg, pdf, png
from store.database import Database
from store.document_files import DocumentStore
from store.document_models import Document, RecordDocument, create_missing_tables
from store.models import Office, PublishedRecord

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
DGN = "http://www.wipo.int/standards/XMLSchema/ST96/Design"
PAT = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"
COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"


def _numbered(names: tuple[str, ...], element: Callable[[int, str], str]) -> str:
    """One element per file name, numbered from 1 as the ST.96 bags number them."""
    return "".join(element(i, name) for i, name in enumerate(names, start=1))


def _record(tag: str, namespace: str, content: str) -> bytes:
    """An ST.96 root element ``tag`` in ``namespace`` (and the common one) around ``content``."""
    prefix = tag.split(":")[0]
    return f'<{tag} xmlns:{prefix}="{namespace}" xmlns:com="{COM}">{content}</{tag}>'.encode()


def trademark(number: str, *images: str, category: str | None = None) -> bytes:
    """A tmk:Trademark whose mark images are ``images`` (file names or URLs)."""
    fmt = f"<com:ImageFormatCategory>{category}</com:ImageFormatCategory>" if category else ""
    marks = _numbered(images, lambda i, name: f'<tmk:MarkImage com:sequenceNumber="{i}">'
                      f"<com:FileName>{name}</com:FileName>{fmt}</tmk:MarkImage>")  # fmt: skip
    number = f"<com:ApplicationNumberText>{number}</com:ApplicationNumberText>"
    return _record("tmk:Trademark", TMK,
                   f"<com:ApplicationNumber>{number}</com:ApplicationNumber>"
                   "<tmk:MarkRepresentation><tmk:MarkReproduction>"
                   f"<tmk:MarkImageBag>{marks}</tmk:MarkImageBag>"
                   "</tmk:MarkReproduction></tmk:MarkRepresentation>")  # fmt: skip


def design(number: str, *views: str) -> bytes:
    """A dgn:Design with one dgn:View per file name."""
    body = _numbered(views, lambda i, name: f"<dgn:View><com:FileName>{name}</com:FileName>"
                     f"<dgn:ViewIdentifier>{i}</dgn:ViewIdentifier></dgn:View>")  # fmt: skip
    return _record("dgn:Design", DGN,
                   f"<dgn:DesignIdentifier>{number}</dgn:DesignIdentifier>"
                   f"<dgn:DesignRepresentation><dgn:ViewBag>{body}</dgn:ViewBag>"
                   "</dgn:DesignRepresentation>")  # fmt: skip


def prepare(app: Flask) -> DocumentStore:
    """Tables (until the migration is in place) and the documents blueprint (until create_app
    registers it); returns the app's store."""
    create_missing_tables(app.extensions["iphub.db"].engine)
    if DOCUMENT_STORE not in app.extensions:
        node.documents.init_app(app)
    return app.extensions[DOCUMENT_STORE]


@pytest.fixture
def store(app) -> DocumentStore:
    """The app's document store (filesystem, under the test's tmp_path)."""
    return prepare(app)


@pytest.fixture
def png_bytes() -> bytes:
    return png(40, 30, bytes(range(32)))


@pytest.fixture
def jpeg_bytes() -> bytes:
    return jpeg(32, 24, bytes(range(32)))


@pytest.fixture
def pdf_bytes() -> bytes:
    return pdf("A patent full text")


def add_office(db: Database, code: str = "KH") -> int:
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == code))
        if office is None:
            office = Office(code=code, name=f"Office {code}")
            session.add(office)
            session.flush()
        return office.id


def add_record(
    db: Database, st96: bytes, office: str = "KH", ip_type: str = "trademarks", ident: str = "1"
) -> int:
    """A published record (no source row needed for document tests); returns its id."""
    add_office(db, office)
    with db.session() as session:
        record = PublishedRecord(
            oai_identifier=f"oai:iphub.local:{office}/{ip_type}/{ident}",
            office_code=office,
            ip_type=ip_type,
            set_spec=f"{office}:{ip_type}",
            st96=st96,
            dc=b"<oai_dc:dc/>",
            validation_status="skipped",
        )
        session.add(record)
        session.flush()
        return record.id


def attach(
    db: Database,
    store: DocumentStore,
    record_id: int,
    data: bytes,
    name: str,
    mime: str = "image/png",
    role: str = "mark-image",
) -> str:
    """Store ``data`` and reference it from the record, as a successful fetch would."""
    blob = store.put([data])
    with db.session() as session:
        record = session.get(PublishedRecord, record_id)
        if session.get(Document, blob.sha256) is None:
            session.add(Document(sha256=blob.sha256, size=blob.size, mime_type=mime))
        session.add(
            RecordDocument(
                published_record_id=record_id,
                office_code=record.office_code,
                ip_type=record.ip_type,
                reference=name,
                role=role,
                path="/tmk:Trademark/tmk:MarkImage/com:FileName",
                sha256=blob.sha256,
                status="fetched",
            )
        )
    return blob.sha256


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Client:
    """A third party's credential: one grant, as access control models it."""

    name: str
    office: str
    ip_type: str
    level: str  # "data" | "documents"

    @property
    def headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.name}:secret".encode()).decode()
        return {"Authorization": f"Basic {token}"}


class GrantSeam:
    """A stand-in for access control's document seam: HTTP Basic → grant → decision."""

    def __init__(self, *clients: Client) -> None:
        self.clients = {c.name: c for c in clients}

    def __call__(self, request: Request, office: str, ip_type: str) -> bool | Response:
        auth = request.authorization
        client = self.clients.get(auth.username) if auth else None
        if client is None:
            return Response("who are you?", 401, {"WWW-Authenticate": 'Basic realm="iphub"'})
        return (client.office, client.ip_type, client.level) == (office, ip_type, "documents")
