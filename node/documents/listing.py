"""The document URLs of a record, shown only to clients whose grant includes documents.

The ST.96 bytes are stored once and served verbatim to every client, so the node's URLs are
not written into them (ST.96's ``tmk:MarkImage`` has no element or attribute for a URL, and a
second, rewritten copy per record would double the store). Instead the provider adds one
extra ``<about>`` container per record holding an ``<ipd:documents>`` element (namespace
:data:`NS`, schema ``documents.xsd`` beside this module) — only when the client's view allows
documents for the record's office and IP type. A "data only" client gets exactly the bytes it
got before: the office's file names in ``com:FileName`` (data), no node URL, no extra element.

The fragment is built from one indexed query per page of records, never by touching the
stored ST.96.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.database import Database
from store.document_models import Document, RecordDocument

NS = "urn:iphub:documents:1"
SCHEMA_FILE = "documents.xsd"
_DOCUMENTS = f"{{{NS}}}documents"
_DOCUMENT = f"{{{NS}}}document"


def documents_allowed(view: Any, office: str, ip_type: str) -> bool:
    """Whether ``view`` (an OAI-PMH OaiView) may see ``office``/``ip_type`` documents."""
    return bool(view.allows_documents(office, ip_type))


def node_root(oai_base_url: str) -> str:
    """``https://node/oai`` → ``https://node``: documents live beside the OAI endpoint."""
    base = oai_base_url.rstrip("/")
    return base[: -len("/oai")] if base.endswith("/oai") else base


def document_url(root: str, office: str, ip_type: str, sha256: str) -> str:
    return f"{root.rstrip('/')}/documents/{office}/{ip_type}/{sha256}"


def page_abouts(db: Database, rows: Iterable[Any], view: Any, oai_base_url: str) -> dict:
    """``{record id: <ipd:documents> bytes}`` for the rows of one page this client may see.

    ``rows`` need ``id``, ``office_code``, ``ip_type`` and ``deleted``; records without
    fetched documents, deleted ones and those outside the view's documents are absent.
    """
    wanted = [
        r for r in rows if not r.deleted and documents_allowed(view, r.office_code, r.ip_type)
    ]
    if not wanted:
        return {}
    with db.session() as session:
        found = fetched_documents(session, [r.id for r in wanted])
    root = node_root(oai_base_url)
    return {r.id: render(found[r.id], root) for r in wanted if r.id in found}


def fetched_documents(session: Session, record_ids: list[int]) -> Mapping[int, list]:
    """The stored documents of each record (last good version included), in record order."""
    query = (
        select(RecordDocument, Document)
        .join(Document, Document.sha256 == RecordDocument.sha256)
        .where(
            RecordDocument.published_record_id.in_(record_ids),
        )
        .order_by(RecordDocument.published_record_id, RecordDocument.sequence)
    )
    found: dict[int, list] = defaultdict(list)
    for link, document in session.execute(query):
        found[link.published_record_id].append((link, document))
    return found


def render(items: list, root: str) -> bytes:
    """One ``<ipd:documents>`` element, serialised (no XML declaration)."""
    element = etree.Element(_DOCUMENTS, nsmap={"ipd": NS})
    for link, document in items:
        etree.SubElement(
            element,
            _DOCUMENT,
            href=document_url(root, link.office_code, link.ip_type, document.sha256),
            role=link.role,
            fileName=link.reference,
            path=link.path,
            mimeType=document.mime_type,
            size=str(document.size),
            sha256=document.sha256,
        )
    return etree.tostring(element, encoding="utf-8")
