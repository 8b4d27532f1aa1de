"""Managing an office's subscriptions: shared by the portal, the console and the CLI."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from node.notify import signing
from store.notify_models import Delivery, Subscription
from store.outbox import TEST, enqueue
from store.urls import check_url

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SubscriptionError(ValueError):
    """The subscription cannot be made; the message says why."""


def add_webhook(
    session: Session, office: str, url: str, *, allow_private: bool, by: str
) -> tuple[Subscription, str]:
    """A webhook for ``office`` and its secret (returned once: show it, it is not shown again)."""
    target = check_url(url, allow_private=allow_private)
    secret = signing.new_secret()
    row = Subscription(office_code=office, kind="webhook", target=target, secret=secret,
                       active=True, created_by=by)  # fmt: skip
    session.add(row)
    session.flush()
    return row, secret


def add_email(session: Session, office: str, address: str, *, by: str) -> Subscription:
    """An e-mail digest subscription for ``office``."""
    address = address.strip()
    if not _EMAIL.match(address):
        raise SubscriptionError(f"{address!r} is not an e-mail address.")
    row = Subscription(office_code=office, kind="email", target=address, secret="",
                       active=True, created_by=by)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def own(session: Session, office: str, subscription_id: int) -> Subscription | None:
    """The subscription if it belongs to ``office`` (a forged id of another office: None)."""
    return session.scalar(
        select(Subscription).where(
            Subscription.id == subscription_id, Subscription.office_code == office
        )
    )


def deactivate(session: Session, office: str, subscription_id: int) -> bool:
    """Stop sending to it (kept, with its log); False when it is not the office's."""
    row = own(session, office, subscription_id)
    if row is None:
        return False
    row.active = False
    return True


def send_test(session: Session, office: str, subscription_id: int) -> bool:
    """Queue a ``test`` event for one subscription, so the office can check its receiver."""
    if own(session, office, subscription_id) is None:
        return False
    data = {"office": office, "message": "Test delivery from iphub: your receiver works."}
    return enqueue(session, office, TEST, data, only=subscription_id) == 1


def listing(session: Session, office: str | None) -> list[Subscription]:
    """Subscriptions of one office (None: every office), active first."""
    query = select(Subscription).order_by(
        Subscription.office_code, Subscription.active.desc(), Subscription.id
    )
    if office:
        query = query.where(Subscription.office_code == office)
    return list(session.scalars(query))


def delivery_log(session: Session, office: str | None, limit: int = 100) -> list[Delivery]:
    """The latest deliveries, newest first."""
    query = select(Delivery).order_by(Delivery.created_at.desc(), Delivery.id.desc()).limit(limit)
    if office:
        query = query.where(Delivery.office_code == office)
    return list(session.scalars(query))
