"""Who may read which office's data: third parties, users, grants, the audit log, counters.

Everything that decides access lives in the database, never in one process's memory: the node
runs as several gunicorn workers on several replicas, and a revocation or a rate-limit hit must
be seen by all of them on the very next request.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.base import Base, utcnow
from store.columns import DefaultNow, IntPK, IpType, OfficeFK
from store.models import Office

LEVELS = ("data", "documents")
LEVEL_LABELS = {"data": "Data only", "documents": "Data and Documents"}
ROLES = ("office", "coordinator")
THIRD_PARTY_KINDS = ("office", "wipo", "company")


class ThirdParty(Base):
    """An organisation that harvests from the node (another office, WIPO, a company)."""

    __tablename__ = "third_parties"

    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), default="company")
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[DefaultNow]


class ThirdPartyRequest(Base):
    """An office asking the coordinator to admit a new third party (approved in the console)."""

    __tablename__ = "third_party_requests"

    id: Mapped[IntPK]
    office_id: Mapped[OfficeFK]
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), default="company")
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    requested_by: Mapped[str] = mapped_column(sa.String(200))
    #: "pending", "approved", "rejected"
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    created_at: Mapped[DefaultNow]
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    office: Mapped[Office] = relationship()


class OfficePolicy(Base):
    """What the coordinator lets one office do by itself (absent row = the global default)."""

    __tablename__ = "office_policies"

    office_id: Mapped[OfficeFK] = mapped_column(primary_key=True)
    #: True: the office adds third parties directly; False: it requests them for approval.
    may_invite: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class User(Base):
    """A person who logs in to the portal (office staff) or the console (coordinator)."""

    __tablename__ = "users"

    id: Mapped[IntPK]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    role: Mapped[str] = mapped_column(sa.String(20), default="office")
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[DefaultNow]

    office: Mapped[Office | None] = relationship()


class Grant(Base):
    """One office's permission for one third party to harvest one IP type, with one credential.

    The client id belongs to exactly this grant; the secret is stored as a SHA-256 hash (it is
    32 random bytes, so a slow password hash adds nothing but latency on every OAI request).
    """

    __tablename__ = "grants"
    __table_args__ = (sa.Index("ix_grants_office_third_party", "office_id", "third_party_id"),)

    id: Mapped[IntPK]
    office_id: Mapped[OfficeFK]
    third_party_id: Mapped[int] = mapped_column(
        sa.ForeignKey("third_parties.id", ondelete="CASCADE")
    )
    ip_type: Mapped[IpType]
    level: Mapped[str] = mapped_column(sa.String(20), default="data")
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[DefaultNow]
    created_by: Mapped[str] = mapped_column(sa.String(200), default="")
    rotated_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    office: Mapped[Office] = relationship()
    third_party: Mapped[ThirdParty] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(Base):
    """Append-only: who did what, when, from where. The app has no path that changes a row,
    and database triggers refuse UPDATE and DELETE (see the migration)."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_office_at", "office_code", "at"),)

    id: Mapped[IntPK]
    at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(60))
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    #: The office whose data or settings the event concerns (its audit page shows these).
    office_code: Mapped[str | None] = mapped_column(sa.String(8))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)


class RateCounter(Base):
    """Requests of one client in one fixed window, shared by every worker through the store."""

    __tablename__ = "rate_counters"
    __table_args__ = (sa.UniqueConstraint("key", "window_start"),)

    id: Mapped[IntPK]
    key: Mapped[str] = mapped_column(sa.String(120))
    window_start: Mapped[int] = mapped_column(sa.Integer)
    count: Mapped[int] = mapped_column(sa.Integer, default=0)


class LoginFailure(Base):
    """A failed login (portal or HTTP Basic as a user), counted to throttle password guessing."""

    __tablename__ = "login_failures"
    __table_args__ = (
        sa.Index("ix_login_failures_email_addr_at", "email", "remote_addr", "at"),
        sa.Index("ix_login_failures_addr_at", "remote_addr", "at"),
        sa.Index("ix_login_failures_at", "at"),
    )

    id: Mapped[IntPK]
    email: Mapped[str] = mapped_column(sa.String(254))
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    at: Mapped[DefaultNow]
    reason: Mapped[str] = mapped_column(sa.Text, default="")


class UserSession(Base):
    """One logged-in browser: the cookie carries a random token, the store its SHA-256.

    A row rather than a signed cookie alone so that logout, a password change or deactivation
    ends the session on every worker and replica: a copied cookie without its row is refused.
    """

    __tablename__ = "user_sessions"

    #: SHA-256 of the cookie's token (the token itself is never stored).
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, index=True)


class AuditLogIsAppendOnly(RuntimeError):
    """An attempt to change or delete an audit event through the ORM."""


@sa.event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, _target) -> None:
    raise AuditLogIsAppendOnly("audit events cannot be changed")


@sa.event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, _target) -> None:
    raise AuditLogIsAppendOnly("audit events cannot be deleted")
