"""The outbox sender on both databases: retries with exponential backoff against a failing
receiver on localhost, giving up after NOTIFY_MAX_ATTEMPTS, e-mail digests through a local
SMTP server, and the delivery log."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from node.notify import subscriptions
from node.notify.mail import SmtpSettings
from node.notify.sender import SendSettings, send_due
from store.notify_models import Delivery
from store.outbox import enqueue

T0 = datetime(2026, 12, 1, 12, 0, 0)
SETTINGS = SendSettings(allow_private=True, backoff_base=30, backoff_max=3600, max_attempts=4)


def _subscribe(db, url, office="KH") -> str:
    with db.session() as session:
        _, secret = subscriptions.add_webhook(session, office, url, allow_private=True, by="t")
    return secret


def _queue(db, office="KH", event="run.finished", data=None, now=T0) -> None:
    with db.session() as session:
        enqueue(session, office, event, data or {"office": office, "n": 1}, now=now)


def _delivery(db) -> Delivery:
    with db.session() as session:
        row = session.scalars(select(Delivery)).one()
        session.expunge(row)
        return row


def test_failing_receiver_gets_retries_with_backoff(db, kh, receiver):
    hook, url = receiver
    hook.secret = _subscribe(db, url)
    hook.statuses = [500, 503]
    _queue(db)

    first = send_due(db, SETTINGS, now=T0)
    row = _delivery(db)
    assert (first.retrying, row.attempts, row.last_status) == (1, 1, 500)
    assert row.next_attempt_at == T0 + timedelta(seconds=30)
    assert send_due(db, SETTINGS, now=T0 + timedelta(seconds=29)).retrying == 0  # not due yet
    send_due(db, SETTINGS, now=T0 + timedelta(seconds=30))
    row = _delivery(db)
    assert (row.attempts, row.last_status) == (2, 503)
    assert row.next_attempt_at == T0 + timedelta(seconds=30 + 60)  # doubled
    assert send_due(db, SETTINGS, now=T0 + timedelta(seconds=90)).sent == 1

    assert [p["status"] for p in hook.posts] == [500, 503, 200]
    assert all(p["verified"] for p in hook.posts)
    bodies = {p["body"] for p in hook.posts}
    assert len(bodies) == 1, "every retry posts the same bytes"
    assert {p["headers"]["X-Iphub-Delivery"] for p in hook.posts} == {str(row.id)}
    assert _delivery(db).state == "sent"


def test_gives_up_after_max_attempts(db, kh, receiver):
    hook, url = receiver
    hook.secret = _subscribe(db, url)
    hook.statuses = [500] * 10
    _queue(db)
    moment = T0
    for _ in range(SETTINGS.max_attempts):
        send_due(db, SETTINGS, now=moment)
        moment += timedelta(hours=2)
    row = _delivery(db)
    assert (row.state, row.attempts) == ("failed", SETTINGS.max_attempts)
    assert "HTTP 500" in row.last_error
    assert send_due(db, SETTINGS, now=moment).failed == 0  # nothing left to try


def test_unreachable_receiver_is_retried_and_one_bad_receiver_does_not_stop_others(
    db, kh, receiver
):
    hook, url = receiver
    _subscribe(db, "http://127.0.0.1:9/nothing-listens")
    hook.secret = _subscribe(db, url)
    _queue(db)

    report = send_due(db, SETTINGS, now=T0)

    assert (report.sent, report.retrying) == (1, 1)
    with db.session() as session:
        errors = [d.last_error for d in session.scalars(select(Delivery).order_by(Delivery.id))]
    assert "ConnectionError" in errors[0] and errors[1] is None


def test_refused_address_is_not_posted(db, kh):
    with db.session() as session:
        subscriptions.add_webhook(session, "KH", "http://127.0.0.1:9/x", allow_private=True,
                                  by="t")  # fmt: skip
    _queue(db)
    send_due(db, SendSettings(allow_private=False), now=T0)  # production mode
    assert "not a public address" in _delivery(db).last_error


def test_other_offices_deliveries_stay_apart(db, kh, receiver):
    hook, url = receiver
    _subscribe(db, url, "KH")
    _queue(db, office="TH")
    assert send_due(db, SETTINGS, now=T0).sent == 0 and hook.posts == []


class _Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd checks it is up by connecting: no port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_email_digest_through_a_local_smtp_server(db, kh, smtp):
    inbox, port = smtp
    with db.session() as session:
        subscriptions.add_email(session, "KH", "data@kh.example", by="t")
    run = {"id": 4, "kind": "harvest", "status": "succeeded", "records": {"new": 3},
           "last_error": None}  # fmt: skip
    alert = {"kind": "quiet", "ip_type": "trademarks", "state": "open", "message": "Quiet."}
    _queue(db, data={"office": "KH", "run": run})
    _queue(db, event="alert.opened", data={"office": "KH", "alert": alert})
    settings = SendSettings(smtp=SmtpSettings(host="127.0.0.1", port=port, sender="hub@x.example"))

    report = send_due(db, settings, now=T0)

    assert report.sent == 2
    assert len(inbox.messages) == 1, "one digest for both events"
    text = inbox.messages[0].content.decode()
    assert inbox.messages[0].rcpt_tos == ["data@kh.example"]
    assert "2 event(s)" in text and "run 4 (harvest): succeeded" in text and "Quiet." in text


def test_email_without_smtp_server_is_retried(db, kh):
    with db.session() as session:
        subscriptions.add_email(session, "KH", "data@kh.example", by="t")
    _queue(db)
    send_due(db, SendSettings(), now=T0)
    row = _delivery(db)
    assert row.state == "pending" and "IPHUB_SMTP_HOST" in row.last_error


def test_body_carries_links_and_the_event(db, kh, receiver):
    hook, url = receiver
    hook.secret = _subscribe(db, url)
    _queue(db)
    send_due(db, SendSettings(allow_private=True, public_url="https://hub.example"), now=T0)
    body = json.loads(hook.posts[0]["body"])
    assert body["event"] == "run.finished" and body["office"] == "KH"
    assert body["links"]["findings_csv"].startswith("https://hub.example/api/v1/quality/")


def test_sending_one_subscription_leaves_the_others_due(db, kh, receiver):
    hook, url = receiver
    _subscribe(db, "http://127.0.0.1:9/other")
    hook.secret = _subscribe(db, url)
    _queue(db)
    with db.session() as session:
        mine = session.scalars(select(Delivery).order_by(Delivery.id)).all()[1].subscription_id
    assert send_due(db, SETTINGS, now=T0, subscription_id=mine).sent == 1
    with db.session() as session:
        states = [d.state for d in session.scalars(select(Delivery).order_by(Delivery.id))]
    assert states == ["pending", "sent"]
