"""The ``feedback`` metadata format: a record's latest feedback document, harvestable.

The same bytes the provider streams in each record's ``<about>`` container, available on their
own so an office can harvest only its feedback, incrementally: a record's datestamp moves when
its feedback changes (see :mod:`store.findings` and :mod:`node.quality.actions`).
"""

from __future__ import annotations

from flask import Flask, has_request_context, request

from node.oai import formats
from store.feedback import NS, SCHEMA_URL_PATH
from store.models import PublishedRecord

PREFIX = "feedback"
_table = PublishedRecord.__table__


def schema_url() -> str:
    """Absolute URL of the feedback schema on this node (the node serves it itself)."""
    from flask import current_app

    base = ""
    if has_request_context():
        base = current_app.config.get("BASE_URL") or request.url_root
        base = base.split("/oai", 1)[0]
    return base.rstrip("/") + SCHEMA_URL_PATH if base else f"urn:iphub:feedback:1{SCHEMA_URL_PATH}"


class _Description(tuple):
    """``(schema URL, namespace)`` whose URL is read from the current request when unpacked.

    The provider lists a format's static description for ListMetadataFormats without an
    identifier; the node's public URL (behind a proxy, ``BASE_URL``) is only known per request.
    """

    def __new__(cls) -> _Description:
        return super().__new__(cls, (SCHEMA_URL_PATH, NS))

    def __iter__(self):
        return iter((schema_url(), NS))

    def __getitem__(self, index):
        return (schema_url(), NS)[index]


def describe(_ip_type: str, payload: bytes | None) -> tuple[str, str] | None:
    """(schema, namespace) of a record's feedback; None when it has none yet."""
    return (schema_url(), NS) if payload is not None else None


def register(app: Flask) -> None:
    """Add ``feedback`` to ``app``'s provider formats (idempotent)."""
    feedback = formats.MetadataFormat(
        prefix=PREFIX,
        payload=_table.c.about,
        available=_table.c.about.is_not(None),
        describe=describe,
        description=_Description(),
    )
    formats.register(app, feedback)
