"""The feedback document of one record (``fb:Feedback``), built with lxml and checked against
``xsd/feedback.xsd``.

The document carries every finding the record ever had (open, accepted and resolved, with
dates): an office harvesting it incrementally sees what it fixed, not only what is left.
The schema is compiled once per process; validating a feedback document costs microseconds,
so every rendered document is checked before it is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib.resources import files

from lxml import etree

from node.quality.models import QualityFinding
from node.storage.models import PublishedRecord

NS = "urn:iphub:feedback:1"
PREFIX = "fb"
SCHEMA_PATH = files("xsd") / "feedback.xsd"
SCHEMA_URL_PATH = "/schemas/feedback-1.xsd"

_STATE_ORDER = {"open": 0, "accepted": 1, "resolved": 2}
_SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(local: str) -> str:
    return f"{{{NS}}}{local}"


def _text(value: str | None) -> str:
    """Text safe for XML: office data can carry control characters lxml refuses."""
    return _CONTROL.sub("\ufffd", value or "")


def utc(moment: datetime) -> str:
    """``2026-11-26T14:00:00Z`` (datestamps are naive UTC, whole seconds)."""
    return moment.replace(microsecond=0).isoformat() + "Z"


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


def build(
    record: PublishedRecord,
    rows: Iterable[QualityFinding],
    generated_at: datetime,
    run_id: int | None = None,
) -> etree._Element:
    """The ``fb:Feedback`` element of ``record`` with one ``fb:Finding`` per row."""
    rows = sorted(rows, key=sort_key)
    root = etree.Element(_q("Feedback"), nsmap={PREFIX: NS}, version="1")
    etree.SubElement(root, _q("RecordIdentifier")).text = _text(record.oai_identifier)
    etree.SubElement(root, _q("Office")).text = record.office_code
    etree.SubElement(root, _q("IPType")).text = record.ip_type
    etree.SubElement(root, _q("GeneratedAt")).text = utc(generated_at)
    if run_id:
        etree.SubElement(root, _q("HarvestRun")).text = str(run_id)
    counts = {state: sum(1 for r in rows if r.state == state) for state in _STATE_ORDER}
    etree.SubElement(
        root,
        _q("Summary"),
        open=str(counts["open"]),
        accepted=str(counts["accepted"]),
        resolved=str(counts["resolved"]),
        clean="false" if any(r.state == "open" and r.severity != "info" for r in rows) else "true",
    )
    for row in rows:
        root.append(_finding(row))
    return root


def _finding(row: QualityFinding) -> etree._Element:
    el = etree.Element(
        _q("Finding"),
        ruleId=row.rule_id,
        severity=row.severity,
        state=row.state,
        generated="true" if row.generated else "false",
        firstSeen=utc(row.first_seen_at),
        lastSeen=utc(row.last_seen_at),
    )
    if row.resolved_at is not None and row.state == "resolved":
        el.set("resolvedAt", utc(row.resolved_at))
    if row.accepted_at is not None and row.state == "accepted":
        el.set("acceptedAt", utc(row.accepted_at))
    etree.SubElement(el, _q("Path")).text = _text(row.path)
    etree.SubElement(el, _q("Message")).text = _text(row.message) or row.rule_id
    if row.suggestion:
        etree.SubElement(el, _q("Suggestion")).text = _text(row.suggestion)
    return el


class InvalidFeedback(ValueError):
    """A rendered document does not match xsd/feedback.xsd: a bug in this module."""


def render(
    record: PublishedRecord,
    rows: Iterable[QualityFinding],
    generated_at: datetime,
    run_id: int | None = None,
) -> bytes:
    """Serialised, schema-checked feedback (UTF-8, no XML declaration: it is embedded)."""
    root = build(record, rows, generated_at, run_id)
    checker = schema()
    if not checker.validate(root):
        raise InvalidFeedback(str(checker.error_log.last_error))
    return etree.tostring(root, encoding="UTF-8")
