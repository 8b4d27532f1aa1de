"""The feedback document of one record (``fb:Feedback``), checked against ``xsd/feedback.xsd``.

The document carries every finding the record ever had (open, accepted and resolved, with
dates): an office harvesting it incrementally sees what it fixed, not only what is left.

It is written as escaped text, not built as an lxml tree: a harvest renders one document per
published record in the harvest process, and joining a few strings costs a tenth of creating
and serialising elements. The output is byte-for-byte what lxml would serialise; the tests
validate it against the schema over arbitrary finding text (hypothesis), so the shape is
proven once rather than re-validated for every record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from importlib.resources import files

from lxml import etree

from mappings.rules.guidance import guidance_for
from store.base import iso_seconds
from store.models import PublishedRecord
from store.quality_models import QualityFinding
from store.rows import PublishedRow

NS = "urn:iphub:feedback:1"
PREFIX = "fb"
SCHEMA_PATH = files("xsd") / "feedback.xsd"
SCHEMA_URL_PATH = "/schemas/feedback-1.xsd"

_STATE_ORDER = {"open": 0, "accepted": 1, "resolved": 2}
_SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str | None) -> str:
    """Text safe for XML: office data can carry control characters lxml refuses."""
    return _CONTROL.sub("\ufffd", value or "")


#: ``2026-11-26T14:00:00Z``: :func:`store.base.iso_seconds` (the ``fb:DateTime`` type of
#: ``xsd/feedback.xsd`` requires the ``Z``), cached: the findings of a page share a handful of
#: moments, and a page renders one document per record.
utc = lru_cache(maxsize=1024)(iso_seconds)


@cache
def schema() -> etree.XMLSchema:
    """The compiled feedback schema (once per process)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))


def sort_key(row: QualityFinding) -> tuple:
    """Open first, then by severity, rule and path: the order staff read them in."""
    return (
        _STATE_ORDER.get(row.state, 9),
        _SEVERITY_ORDER.get(row.severity, 9),
        row.rule_id,
        row.path,
    )


def render(
    record: PublishedRecord | PublishedRow,
    rows: Iterable[QualityFinding],
    generated_at: datetime,
    run_id: int | None = None,
) -> bytes:
    """The serialised ``fb:Feedback`` of ``record``, one ``fb:Finding`` per row (UTF-8, no XML
    declaration: it is embedded in OAI-PMH ``about`` containers)."""
    rows = sorted(rows, key=sort_key)
    counts = dict.fromkeys(_STATE_ORDER, 0)
    clean = "true"
    for row in rows:
        if row.state in counts:
            counts[row.state] += 1
        if row.state == "open" and row.severity != "info":
            clean = "false"
    parts = [
        f'<fb:Feedback xmlns:fb="{NS}" version="1">',
        _element("RecordIdentifier", record.oai_identifier),
        _element("Office", record.office_code),
        _element("IPType", record.ip_type),
        f"<fb:GeneratedAt>{utc(generated_at)}</fb:GeneratedAt>",
    ]
    if run_id:
        parts.append(f"<fb:HarvestRun>{run_id}</fb:HarvestRun>")
    parts.append(
        f'<fb:Summary open="{counts["open"]}" accepted="{counts["accepted"]}" '
        f'resolved="{counts["resolved"]}" clean="{clean}"/>'
    )
    parts.extend(_finding(row) for row in rows)
    parts.append("</fb:Feedback>")
    return "".join(parts).encode()


def _finding(row: QualityFinding) -> str:
    attributes = (
        f'ruleId="{_attribute(row.rule_id)}" severity="{_attribute(row.severity)}" '
        f'state="{_attribute(row.state)}" generated="{"true" if row.generated else "false"}" '
        f'firstSeen="{utc(row.first_seen_at)}" lastSeen="{utc(row.last_seen_at)}"'
    )
    if row.resolved_at is not None and row.state == "resolved":
        attributes += f' resolvedAt="{utc(row.resolved_at)}"'
    if row.accepted_at is not None and row.state == "accepted":
        attributes += f' acceptedAt="{utc(row.accepted_at)}"'
    suggestion = _element("Suggestion", row.suggestion) if row.suggestion else ""
    source = getattr(row, "source_field", None)
    source = _element("SourceField", source) if source else ""
    return (
        f"<fb:Finding {attributes}>{_element('Path', row.path)}{source}"
        f"{_element('Message', row.message or row.rule_id)}{suggestion}"
        f"{_guidance(row.rule_id)}</fb:Finding>"
    )


@lru_cache(maxsize=512)
def _guidance(rule_id: str) -> str:
    """``fb:Guidance`` of a rule (empty for a mapper's own id without guidance). Cached per
    rule: a page's findings share a few dozen rules."""
    guidance = guidance_for(rule_id)
    if guidance is None:
        return ""
    return (
        f"<fb:Guidance>{_element('What', guidance.what)}{_element('Why', guidance.why)}"
        f"{_element('Fix', guidance.fix)}</fb:Guidance>"
    )


_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_SPECIAL = re.compile(r'[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


@lru_cache(maxsize=4096)
def _escaped(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """``value`` made safe for XML text or attributes. Cached: a page's findings repeat the
    same rule messages, suggestions and paths record after record."""
    if not _SPECIAL.search(value):
        return value
    value = _text(value)
    for char, entity in escapes:
        if char in value:
            value = value.replace(char, entity)
    return value


def _element(local: str, value: str | None) -> str:
    """``<fb:local>value</fb:local>`` (an empty value too: lxml writes it so for text "")."""
    return f"<fb:{local}>{_escaped(value, _TEXT_ESCAPES) if value else ''}</fb:{local}>"


def _attribute(value: str) -> str:
    return _escaped(value, _ATTRIBUTE_ESCAPES)
