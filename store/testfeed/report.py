"""What a test delivery found, as plain data: the same dictionaries feed the portal pages, the
JSON API and ``iphub test-feed``, so the three never disagree.

Findings are grouped by rule with the rule's fix guidance (:mod:`mappings.rules.guidance`):
office staff testing an export want to know what to change in it, once per rule, before
reading record by record.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mappings.rules.guidance import guidance_for
from store.base import iso_seconds
from store.testfeed.limits import TestFeedLimits
from store.testfeed.models import TestDelivery, TestRecord

SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}


def delivery_json(delivery: TestDelivery, limits: TestFeedLimits) -> dict:
    """A delivery's header and counts (the deliveries list)."""
    return {
        "id": delivery.id,
        "office": delivery.office_code,
        "source": delivery.source,
        "label": delivery.label,
        "metadata_prefix": delivery.metadata_prefix,
        "status": delivery.status,
        "message": delivery.message,
        "created_by": delivery.created_by,
        "created_at": iso_seconds(delivery.created_at),
        "finished_at": iso_seconds(delivery.finished_at),
        "expires_at": iso_seconds(limits.expires(delivery.created_at)),
        "records": delivery.records,
        "valid": delivery.valid,
        "invalid": delivery.invalid,
        "failed": delivery.failed,
        "deleted": delivery.deleted,
        "limited": delivery.limited,
        "published": False,
    }


def rules_found(session: Session, delivery_id: int) -> list[dict]:
    """Each rule the delivery's records broke: severity, records, findings, the first finding's
    message (what a rule without guidance text says), guidance; most severe, most frequent
    first."""
    findings: Counter[str] = Counter()
    records: Counter[str] = Counter()
    first: dict[str, dict] = {}
    for found in session.scalars(
        select(TestRecord.findings).where(TestRecord.delivery_id == delivery_id)
    ):
        for finding in found or ():
            rule = finding["rule_id"]
            findings[rule] += 1
            first.setdefault(rule, finding)
        for rule in {f["rule_id"] for f in found or ()}:
            records[rule] += 1
    rows = []
    for rule, count in findings.items():
        guidance = guidance_for(rule)
        rows.append({
            "rule_id": rule, "severity": first[rule].get("severity", "info"),
            "records": records[rule], "findings": count,
            "example": first[rule].get("message", ""),
            "guidance": guidance.as_dict() if guidance else None,
        })  # fmt: skip
    rows.sort(key=lambda r: (SEVERITY_ORDER.get(r["severity"], 9), -r["records"], r["rule_id"]))
    return rows


def summary_json(session: Session, delivery: TestDelivery, limits: TestFeedLimits) -> dict:
    """A delivery with its findings by rule (the delivery page, ``GET .../test-feed/<id>``)."""
    return {**delivery_json(delivery, limits), "rules": rules_found(session, delivery.id)}


def record_row_json(record: TestRecord) -> dict:
    """One line of a delivery's record list."""
    return {
        "id": record.id,
        "position": record.position,
        "identifier": record.identifier,
        "ip_type": record.ip_type,
        "outcome": record.outcome,
        "error": record.error,
        "findings": len(record.findings or ()),
    }


def text_of(data: bytes | None) -> str | None:
    """Bytes shown as text (what the office sent may not be UTF-8: shown, never refused)."""
    return data.decode("utf-8", "replace") if data is not None else None


def record_json(record: TestRecord) -> dict:
    """One record in full: its findings with guidance, the ST.96 made, the original sent."""
    findings = sorted(record.findings or (), key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 9))
    return {
        **record_row_json(record),
        "findings": [
            {**f, "guidance": g.as_dict() if (g := guidance_for(f["rule_id"])) else None}
            for f in findings
        ],
        "st96": text_of(record.st96),
        "original": text_of(record.raw),
    }


def records_page(session: Session, delivery_id: int, offset: int, limit: int) -> list[TestRecord]:
    return list(
        session.scalars(
            select(TestRecord)
            .where(TestRecord.delivery_id == delivery_id)
            .order_by(TestRecord.position)
            .offset(offset)
            .limit(limit)
        )
    )


def record_count(session: Session, delivery_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(TestRecord)
            .where(TestRecord.delivery_id == delivery_id)
        )
        or 0
    )


def summary_lines(summary: dict) -> list[str]:
    """The summary as lines for a terminal (``iphub test-feed run``)."""
    lines = [
        f"test delivery {summary['id']} of {summary['office']} ({summary['source']}: "
        f"{summary['label']}, {summary['metadata_prefix']}): {summary['status']}",
        f"  records {summary['records']}, valid {summary['valid']}, invalid "
        f"{summary['invalid']}, failed {summary['failed']}, deleted {summary['deleted']}; "
        "nothing published",
    ]
    if summary["message"]:
        lines.append(f"  {summary['message']}")
    for rule in summary["rules"]:
        lines.append(f"  {rule['severity']:8} {rule['rule_id']}: {rule['records']} record(s)")
        if rule["guidance"]:
            lines.append(f"           fix: {rule['guidance']['fix']}")
    lines.append(f"  kept until {summary['expires_at']}")
    return lines
