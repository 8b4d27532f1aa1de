"""The periodic work of monitoring and pushed feedback, as plain functions over the database.

``iphub scheduler`` runs :func:`check` every ``MONITOR_INTERVAL`` seconds, :func:`send`
every ``NOTIFY_INTERVAL`` seconds and the test feed's purge of expired test deliveries every
``TEST_FEED_PURGE_INTERVAL`` seconds; ``iphub harvest`` (and ``iphub upload``) run
:func:`after_runs` when their runs are done; ``iphub monitor check`` and ``iphub notify send``
run them by hand. Any number of processes may run them at once: alerts are evaluated in one
transaction, and deliveries are claimed row by row.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from node.monitoring import alerts, years
from node.notify.sender import SendReport, SendSettings, send_due
from node.ports import OfficeCounter
from store.database import Database
from store.gating.decide import auto_release
from store.testfeed.purge import purge_expired

log = logging.getLogger("iphub.monitoring")


@dataclass
class CheckReport:
    counted: list[str] = field(default_factory=list)
    recounted_years: int = 0
    changes: list[alerts.Change] = field(default_factory=list)
    sent: SendReport = field(default_factory=SendReport)

    def lines(self) -> list[str]:
        found = [*self.counted, f"application years recounted for {self.recounted_years} set(s)"]
        found += [f"{c.event}: {c.office} {c.ip_type} {c.kind}" for c in self.changes]
        return [*found, self.sent.line()]


def evaluate(db: Database, config: Mapping[str, Any], now: datetime | None = None) -> list:
    """Open and resolve alerts (deliveries queued with them)."""
    with db.session() as session:
        return alerts.evaluate(session, alerts.Thresholds.from_config(config), now=now)


def send(db: Database, config: Mapping[str, Any], now: datetime | None = None) -> SendReport:
    """Send the deliveries that are due."""
    return send_due(db, SendSettings.from_config(config), now=now)


def check(
    db: Database,
    config: Mapping[str, Any],
    *,
    now: datetime | None = None,
    probe: OfficeCounter | None = None,
) -> CheckReport:
    """Everything, in order: count at the offices (when given how: the harvester's
    :func:`harvester.office_counts.count_due`), recount years, alerts, send."""
    report = CheckReport()
    interval = float(config.get("MONITOR_COUNT_INTERVAL", 86400))
    if probe is not None:
        report.counted = probe(db, config, interval, now)
    with db.session() as session:
        report.recounted_years = years.refresh(session, now=now, min_age=interval)
    report.changes = evaluate(db, config, now)
    report.sent = send(db, config, now)
    return report


def after_runs(db: Database, config: Mapping[str, Any]) -> None:
    """After ``iphub harvest``/``upload``: alerts and deliveries now, not at the next tick.
    Never raises: the runs are done and stand whatever happens here."""
    try:
        evaluate(db, config)
        send(db, config)
    except Exception:
        log.exception("monitoring after the runs failed; the scheduler will retry")


def scheduled(
    db: Database, config: Mapping[str, Any], probe: OfficeCounter | None = None
) -> list[tuple[str, Any, float]]:
    """The scheduler's periodic jobs: (name, function, seconds)."""
    return [
        (
            "monitor-check",
            lambda: check(db, config, probe=probe),
            float(config.get("MONITOR_INTERVAL", 3600)),
        ),
        ("notify-send", lambda: send(db, config), float(config.get("NOTIFY_INTERVAL", 30))),
        (
            "test-feed-purge",
            lambda: purge_expired(db, config),
            float(config.get("TEST_FEED_PURGE_INTERVAL", 3600)),
        ),
        ("gate-release", lambda: auto_release(db), float(config.get("GATE_INTERVAL", 300.0))),
    ]
