"""Which stored originals a reprocess run takes: ``--office``, ``--ip-type``, ``--rule``,
``--since``, ``--outdated``, as SQL conditions on ``source_records`` for one office.

Only originals that can be reprocessed are selected: not deleted at the office, with bytes.
Originals that failed before are selected too (a mapping fix is what makes them publishable).
Originals with a version held by delivery gating are left to the gate's decision
(:mod:`node.gating`): reprocessing them would publish what the gate holds; so are originals
whose version a coordinator rejected (:mod:`store.gating.rejected`), until the office sends
other bytes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select

from mappings.version import processing_version
from store.gating.models import HeldRecord
from store.gating.rejected import not_rejected
from store.models import PublishedRecord, SourceRecord
from store.quality_models import QualityFinding

_SOURCES = SourceRecord.__table__
_PUBLISHED = PublishedRecord.__table__
_FINDINGS = QualityFinding.__table__
_HELD = HeldRecord.__table__


@dataclass(frozen=True)
class Selection:
    """What ``iphub reprocess`` was asked to redo (every filter optional)."""

    office: str | None = None
    ip_type: str | None = None
    #: records that have, or had, a finding of this rule (any state)
    rule: str | None = None
    #: originals stored (harvested or uploaded) at or after this time, naive UTC
    since: datetime | None = None
    #: records produced by another processing version than this process's (and failed ones)
    outdated: bool = False

    def to_json(self) -> dict[str, Any]:
        values = asdict(self)
        values["since"] = self.since.isoformat() if self.since else None
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> Selection:
        since = values.get("since")
        return cls(**{**values, "since": datetime.fromisoformat(since) if since else None})

    def describe(self) -> str:
        """``office=KH ip_type=trademarks outdated`` (``everything`` without a filter)."""
        parts = [f"{k}={v}" for k, v in self.to_json().items() if v not in (None, False, True)]
        parts += ["outdated"] if self.outdated else []
        return " ".join(parts) or "everything"


def conditions(
    selection: Selection, office_id: int, office_code: str, prefixes: list[str]
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the office's selected source rows; ``prefixes`` are the
    metadata prefixes the office has originals in (see :func:`office_prefixes`)."""
    source = _SOURCES.c
    where = [source.office_id == office_id, source.deleted.is_(False), source.raw.is_not(None),
             ~exists().where(_HELD.c.source_record_id == source.id), not_rejected()]  # fmt: skip
    if selection.ip_type:
        where.append(_of_ip_type(selection.ip_type, prefixes))
    if selection.since:
        where.append(source.harvested_at >= selection.since)
    if selection.rule:
        where.append(_had_rule(selection.rule))
    if selection.outdated:
        where.append(_outdated(office_code, prefixes))
    return where


def office_prefixes(session, office_id: int) -> list[str]:
    """The metadata prefixes of the office's stored originals."""
    query = select(_SOURCES.c.metadata_prefix).where(_SOURCES.c.office_id == office_id).distinct()
    return sorted(session.scalars(query))


def _published_of_source() -> ColumnElement[bool]:
    return _PUBLISHED.c.source_record_id == _SOURCES.c.id


def _of_ip_type(ip_type: str, prefixes: list[str]) -> ColumnElement[bool]:
    """A prefix of that IP type, or a prefix whose IP type is the record's own (ST.96) with a
    published record of that type."""
    from mappings.pipeline import DETECTED, SUPPORTED_PREFIXES

    fixed = [p for p in prefixes if SUPPORTED_PREFIXES.get(p) == ip_type]
    detected = [p for p in prefixes if SUPPORTED_PREFIXES.get(p) == DETECTED]
    published = exists().where(_published_of_source(), _PUBLISHED.c.ip_type == ip_type)
    options = [_SOURCES.c.metadata_prefix.in_(fixed)] if fixed else []
    if detected:
        options.append(and_(_SOURCES.c.metadata_prefix.in_(detected), published))
    return or_(*options) if options else false()


def _had_rule(rule_id: str) -> ColumnElement[bool]:
    return exists().where(
        _published_of_source(),
        _FINDINGS.c.published_record_id == _PUBLISHED.c.id,
        _FINDINGS.c.rule_id == rule_id,
    )


def _outdated(office_code: str, prefixes: list[str]) -> ColumnElement[bool]:
    """No published record of this process's version (a failed original has none)."""
    options = []
    for prefix in prefixes:
        current = exists().where(
            _published_of_source(),
            _PUBLISHED.c.processing_version == processing_version(prefix, office_code),
        )
        options.append(and_(_SOURCES.c.metadata_prefix == prefix, ~current))
    return or_(*options) if options else false()
