"""Validate ST.96 records against the official WIPO schemas, compiled once per process.

Compiling one ST.96 document schema takes lxml ~1.5-2.5 s (the MathML part dominates), while
validating a record afterwards takes well under a millisecond. So each schema is compiled
lazily on first use, cached for the life of the process, and shared between threads
(``etree.XMLSchema.validate`` is safe to call concurrently; compilation is guarded by a lock so
it happens once). lxml's libxml2 validates, the same library the hardened parser is; the
pure-Python ``xmlschema`` package is not a dependency (it was declared but never imported).
When the schema set is absent the status is ``"skipped"`` with a reason that
says where to put it: a record is never reported valid without having been validated.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lxml import etree

from xsd import locate

__all__ = ["ROOT_ELEMENTS", "SCHEMA_FILES", "clear_cache", "schema_for", "validate"]

TMK_NS = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
DGN_NS = "http://www.wipo.int/standards/XMLSchema/ST96/Design"
PAT_NS = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"

#: ip_type → the document schema that declares its single-record root.
SCHEMA_FILES: dict[str, str] = {
    "trademarks": "TrademarkApplication_V6_0.xsd",
    "designs": "DesignApplication_V6_0.xsd",
    "patents": "PatentPublication_V6_0.xsd",
}

#: ip_type → the expected root element (Clark notation).
ROOT_ELEMENTS: dict[str, str] = {
    "trademarks": f"{{{TMK_NS}}}Trademark",
    "designs": f"{{{DGN_NS}}}Design",
    "patents": f"{{{PAT_NS}}}BibliographicData",
}

_PREFIXES = {
    TMK_NS: "tmk",
    DGN_NS: "dgn",
    PAT_NS: "pat",
    "http://www.wipo.int/standards/XMLSchema/ST96/Common": "com",
}

_lock = threading.Lock()
_schemas: dict[tuple[str, str], etree.XMLSchema] = {}

MAX_ERRORS = 50
"""Errors kept per record: enough to fix it, bounded so a garbage record stays small."""


_dirs: dict[str | None, Path | None] = {}


def clear_cache() -> None:
    """Forget compiled schemas and located directories (e.g. after installing the schemas)."""
    with _lock:
        _schemas.clear()
        _dirs.clear()


def _directory() -> Path | None:
    """``locate.st96_dir()`` remembered per value of IPHUB_ST96_XSD_DIR: looking on disk for
    every record would cost more than validating it."""
    key = os.environ.get(locate.ENV_VAR)
    if key not in _dirs:
        _dirs[key] = locate.st96_dir()
    return _dirs[key]


def schema_for(ip_type: str) -> etree.XMLSchema | None:
    """The compiled schema for ``ip_type``, compiling it on first use; None when absent."""
    directory = _directory()
    if directory is None:
        return None
    key = (str(directory), ip_type)
    schema = _schemas.get(key)
    if schema is not None:
        return schema
    with _lock:
        schema = _schemas.get(key)
        if schema is None:
            schema = _compile(directory / SCHEMA_FILES[ip_type])
            _schemas[key] = schema
    return schema


def _compile(path: Path) -> etree.XMLSchema:
    # The schema set is trusted local files importing each other by bare file name; a plain
    # parser with no network access is enough.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser=parser))


def _short(path: str) -> str:
    """Make lxml's ``/*[local-name()...]`` free paths readable: Clark names → prefixes."""
    for ns, prefix in _PREFIXES.items():
        path = path.replace(f"{{{ns}}}", f"{prefix}:")
    return path


def validate(root: etree._Element, ip_type: str) -> tuple[str, tuple[str, ...]]:
    """Validate one record root.

    Returns ``("valid", ())``, ``("invalid", messages)`` where each message starts with the
    element path, or ``("skipped", (reason,))`` when the ST.96 schemas are not installed.
    """
    if ip_type not in SCHEMA_FILES:
        raise ValueError(f"unknown ip_type {ip_type!r}; expected one of {sorted(SCHEMA_FILES)}")
    schema = schema_for(ip_type)
    if schema is None:
        return "skipped", (locate.HOW_TO_INSTALL,)
    expected = ROOT_ELEMENTS[ip_type]
    if root.tag != expected:
        return "invalid", (
            f"/{_short(str(root.tag))}: root element must be {_short(expected)} for {ip_type}",
        )
    if schema.validate(root):
        return "valid", ()
    errors = []
    for entry in schema.error_log:
        errors.append(f"{_element_path(root, entry)}: {_short(entry.message)}")
        if len(errors) >= MAX_ERRORS:
            errors.append(f"... more errors not shown (limit {MAX_ERRORS})")
            break
    return "invalid", tuple(errors)


def _element_path(root: etree._Element, entry: etree._LogEntry) -> str:
    """The error's element path with namespace prefixes, e.g. ``/tmk:Trademark/com:...``."""
    path = entry.path or ""
    if not path:
        return f"line {entry.line}"
    # lxml gives "/tmk:Trademark/com:ApplicationNumber" style paths when the tree has the
    # prefixes declared; otherwise Clark-ish "/*[local-name()...]". Both are kept readable.
    return _short(path)
