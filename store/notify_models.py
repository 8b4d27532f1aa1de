"""Pushed feedback: an office's subscriptions (webhook URLs, e-mail addresses) and the outbox.

A delivery is a row before it is a request: the hub writes it in the same process that
finished the run, and any sender (``iphub scheduler``, ``iphub harvest`` after its runs,
``iphub notify send``) posts it later, retrying with exponential backoff. Nothing is lost when
a process dies between the run and the post.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.base import Base
from store.columns import DefaultNow, IntPK, OfficeCode

KINDS = ("webhook", "email")
DELIVERY_STATES = ("pending", "sent", "failed")


class Subscription(Base):
    """Where an office's feedback goes: a webhook URL (signed posts) or an e-mail address."""

    __tablename__ = "notify_subscriptions"
    __table_args__ = (sa.Index("ix_notify_subscriptions_office", "office_code", "active"),)

    id: Mapped[IntPK]
    office_code: Mapped[OfficeCode]
    #: "webhook" | "email"
    kind: Mapped[str] = mapped_column(sa.String(10), default="webhook")
    #: the http(s) URL, or the e-mail address
    target: Mapped[str] = mapped_column(sa.String(500))
    #: HMAC-SHA256 key of a webhook (shown once; kept, because signing needs it in clear)
    secret: Mapped[str] = mapped_column(sa.String(100), default="")
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[DefaultNow]
    created_by: Mapped[str] = mapped_column(sa.String(254), default="")


class Delivery(Base):
    """One event for one subscription: its body, attempts and outcome (the delivery log)."""

    __tablename__ = "notify_deliveries"
    __table_args__ = (
        sa.Index("ix_notify_deliveries_due", "state", "next_attempt_at"),
        sa.Index("ix_notify_deliveries_office", "office_code", "created_at"),
    )

    id: Mapped[IntPK]
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notify_subscriptions.id", ondelete="CASCADE")
    )
    office_code: Mapped[OfficeCode]
    #: "run.finished" | "alert.opened" | "alert.resolved" | "test"
    event: Mapped[str] = mapped_column(sa.String(40))
    #: the event's data (JSON); the sender adds links and the envelope once, into ``body``
    data: Mapped[str] = mapped_column(sa.Text)
    #: the exact bytes posted (set at the first attempt, identical on every retry)
    body: Mapped[str | None] = mapped_column(sa.Text)
    #: "pending" | "sent" | "failed" (gave up after NOTIFY_MAX_ATTEMPTS)
    state: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[DefaultNow]
    created_at: Mapped[DefaultNow]
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    last_status: Mapped[int | None] = mapped_column(sa.Integer)
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    subscription: Mapped[Subscription] = relationship()
