"""Sending the outbox: signed webhook posts and e-mail digests, with exponential backoff.

A sender claims a due row by moving its ``next_attempt_at`` forward in a conditional UPDATE
(only one of several concurrent senders wins the row), posts it, and records the outcome: sent
on a 2xx answer; otherwise the next attempt after ``NOTIFY_BACKOFF_BASE * 2**(attempts-1)``
seconds (capped at ``NOTIFY_BACKOFF_MAX``), and failed for good after ``NOTIFY_MAX_ATTEMPTS``.
Every attempt's status or error stays on the row: that is the delivery log.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select, update

from node.notify import mail, signing
from store.base import iso_seconds, utcnow
from store.config import configured, setting
from store.database import Database
from store.notify_models import Delivery, Subscription
from store.urls import UrlRefused, check_url

log = logging.getLogger("iphub.notify")

#: Seconds a claimed row is kept from other senders while it is being sent.
CLAIM_SECONDS = 120
BATCH = 100
Post = Callable[..., requests.Response]


@dataclass(frozen=True)
class SendSettings:
    public_url: str = setting("PUBLIC_URL")
    max_attempts: int = setting("NOTIFY_MAX_ATTEMPTS")
    backoff_base: float = setting("NOTIFY_BACKOFF_BASE")
    backoff_max: float = setting("NOTIFY_BACKOFF_MAX")
    timeout: float = setting("NOTIFY_TIMEOUT")
    allow_private: bool = setting("NOTIFY_ALLOW_PRIVATE")
    smtp: mail.SmtpSettings = field(default_factory=mail.SmtpSettings)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SendSettings:
        settings = configured(cls, config, smtp=mail.SmtpSettings.from_config(config))
        return replace(settings, public_url=settings.public_url.rstrip("/"))

    def delay(self, attempts: int) -> float:
        """Seconds before attempt ``attempts + 1``: doubling from ``backoff_base``."""
        return min(self.backoff_base * 2 ** max(attempts - 1, 0), self.backoff_max)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def line(self) -> str:
        return (
            f"feedback deliveries: {self.sent} sent, {self.retrying} to retry, {self.failed} failed"
        )


def links(settings: SendSettings, office: str, data: Mapping[str, Any]) -> dict[str, str]:
    """Where the office reads the findings behind the event (API, CSV, portal)."""
    base = settings.public_url
    found = {
        "findings": f"{base}/api/v1/quality/findings?office={office}&state=open",
        "findings_csv": f"{base}/api/v1/quality/findings.csv?office={office}&state=open",
        "portal": f"{base}/portal/{office}/quality",
        "monitoring": f"{base}/portal/{office}/monitoring",
    }
    run = data.get("run")
    if run:
        found["run"] = f"{base}/api/v1/runs?office={office}"
    gate = data.get("gate")
    if gate:  # a gating decision (store.gating.decide)
        found["gating"] = f"{base}/portal/{office}/gating"
        found["delivery"] = f"{base}{gate['path']}"
    return found


def envelope(settings: SendSettings, row: Delivery) -> bytes:
    """The JSON body posted (fixed at the first attempt: retries send the same bytes)."""
    data = json.loads(row.data)
    payload = {
        "event": row.event,
        "delivery": row.id,
        "created_at": iso_seconds(row.created_at),
        **data,
        "office": row.office_code,
        "links": links(settings, row.office_code, data),
    }
    return json.dumps(payload, sort_keys=True).encode()


def send_due(
    db: Database,
    settings: SendSettings,
    *,
    now: datetime | None = None,
    post: Post = requests.post,
    clock: Callable[[], float] = time.time,
    subscription_id: int | None = None,
) -> SendReport:
    """Send every delivery due at ``now`` (or only one subscription's: the portal's test
    button sends in the request); one bad receiver never stops the others."""
    moment = now or utcnow()
    report = SendReport()
    claimed = _claim(db, moment, subscription_id)
    emails: dict[int, list[int]] = defaultdict(list)
    for delivery_id, subscription_id, kind in claimed:
        if kind == "email":
            emails[subscription_id].append(delivery_id)
        else:
            _post_one(db, settings, delivery_id, moment, post, clock, report)
    for subscription_id, ids in emails.items():
        _mail_digest(db, settings, subscription_id, ids, moment, report)
    if claimed:
        log.info("%s", report.line())
    return report


def _claim(db: Database, moment: datetime, only: int | None) -> list[tuple[int, int, str]]:
    """Due rows this sender now owns (others skip them for CLAIM_SECONDS)."""
    query = (
        select(Delivery.id, Delivery.next_attempt_at, Delivery.subscription_id, Subscription.kind)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(Delivery.state == "pending", Delivery.next_attempt_at <= moment)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(BATCH)
    )
    if only is not None:
        query = query.where(Delivery.subscription_id == only)
    with db.session() as session:
        due = session.execute(query).all()
    owned = []
    hold = moment + timedelta(seconds=CLAIM_SECONDS)
    for delivery_id, due_at, subscription_id, kind in due:
        with db.session() as session:
            won = session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.next_attempt_at == due_at,
                       Delivery.state == "pending")
                .values(next_attempt_at=hold)
            ).rowcount  # fmt: skip
        if won:
            owned.append((delivery_id, subscription_id, kind))
    return owned


def _post_one(db, settings, delivery_id, moment, post, clock, report) -> None:
    with db.session() as session:
        row = session.get(Delivery, delivery_id)
        subscription = row.subscription
        if row.body is None:
            row.body = envelope(settings, row).decode()
        body = row.body.encode()
        status, error = None, None
        try:
            check_url(subscription.target, allow_private=settings.allow_private)
            answer = post(
                subscription.target,
                data=body,
                headers=signing.headers(subscription.secret, body, row.event, row.id, clock()),
                timeout=settings.timeout,
                allow_redirects=False,
            )
            status = answer.status_code
            if not 200 <= status < 300:
                error = f"the receiver answered HTTP {status}"
        except UrlRefused as refused:
            error = str(refused)
        except requests.RequestException as failure:
            error = f"{failure.__class__.__name__}: {failure}"
        _record(row, settings, moment, status, error, report)


def _mail_digest(db, settings, subscription_id, ids, moment, report) -> None:
    with db.session() as session:
        subscription = session.get(Subscription, subscription_id)
        rows = list(session.scalars(select(Delivery).where(Delivery.id.in_(ids))
                                    .order_by(Delivery.id)))  # fmt: skip
        for row in rows:
            if row.body is None:
                row.body = envelope(settings, row).decode()
        error = None
        try:
            message = mail.digest(subscription.target, [r.body.encode() for r in rows],
                                  settings.smtp.sender)  # fmt: skip
            mail.send(settings.smtp, message)
        except (OSError, smtplib.SMTPException) as failure:
            error = f"{failure.__class__.__name__}: {failure}"
        for row in rows:
            _record(row, settings, moment, None, error, report)


def _record(row: Delivery, settings: SendSettings, moment, status, error, report) -> None:
    """One attempt's outcome on the row: sent, retry later, or given up."""
    row.attempts += 1
    row.last_status, row.last_error = status, error
    if error is None:
        row.state, row.sent_at = "sent", moment
        report.sent += 1
    elif row.attempts >= settings.max_attempts:
        row.state = "failed"
        report.failed += 1
        log.warning("delivery %s to %s failed for good: %s", row.id, row.office_code, error)
    else:
        row.next_attempt_at = moment + timedelta(seconds=settings.delay(row.attempts))
        report.retrying += 1
