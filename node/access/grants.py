"""Creating, changing, rotating and revoking grants: the only code that writes a Grant.

Portal, console and CLI all come through here, so each change is validated the same way and
written to the audit log in the same transaction as the change itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import audit
from store import credentials
from store.access_models import LEVELS, Grant, ThirdParty
from store.base import utcnow
from store.models import IP_TYPES, Office


class GrantError(ValueError):
    """A grant request that cannot be honoured; the message is shown to the user."""


@dataclass(frozen=True)
class GrantResult:
    """What ``grant_access`` did; ``secret`` is set only when a new credential was made."""

    grant: Grant
    secret: str | None
    outcome: str  # "created" | "level_changed" | "unchanged"


def _details(grant: Grant) -> dict:
    return {
        "client_id": grant.client_id,
        "third_party": grant.third_party.code,
        "ip_type": grant.ip_type,
        "level": grant.level,
    }


def office_by_code(session: Session, code: str) -> Office | None:
    return session.scalar(select(Office).where(Office.code == code.upper()))


def third_party_by_code(session: Session, code: str) -> ThirdParty | None:
    return session.scalar(select(ThirdParty).where(ThirdParty.code == code.upper()))


def _active_grant(
    session: Session, office: Office, party: ThirdParty, ip_type: str
) -> Grant | None:
    return session.scalar(
        select(Grant).where(
            Grant.office_id == office.id,
            Grant.third_party_id == party.id,
            Grant.ip_type == ip_type,
            Grant.revoked_at.is_(None),
        )
    )


def grant_access(
    session: Session, office: Office, party: ThirdParty, ip_type: str, level: str, actor: str
) -> GrantResult:
    """Give ``party`` access to ``office``'s ``ip_type``; an existing grant only changes level."""
    if ip_type not in IP_TYPES:
        raise GrantError(f"unknown IP type {ip_type!r}; expected one of {', '.join(IP_TYPES)}")
    if level not in LEVELS:
        raise GrantError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    existing = _active_grant(session, office, party, ip_type)
    if existing is not None:
        if existing.level == level:
            return GrantResult(existing, None, "unchanged")
        before, existing.level = existing.level, level
        audit.record(
            session,
            actor,
            "grant.level_changed",
            office.code,
            **_details(existing),
            previous_level=before,
        )
        return GrantResult(existing, None, "level_changed")
    secret = credentials.new_secret()
    grant = Grant(
        office=office,
        third_party=party,
        ip_type=ip_type,
        level=level,
        client_id=credentials.new_client_id(),
        secret_hash=credentials.hash_secret(secret),
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(grant)
    audit.record(session, actor, "grant.created", office.code, **_details(grant))
    return GrantResult(grant, secret, "created")


def rotate(session: Session, grant: Grant, actor: str) -> str:
    """A new secret for the same client id; the old secret and its bearer tokens stop working."""
    if not grant.active:
        raise GrantError(f"grant {grant.client_id} is revoked; create a new one instead")
    secret = credentials.new_secret()
    grant.secret_hash = credentials.hash_secret(secret)
    grant.rotated_at = utcnow()
    audit.record(session, actor, "grant.rotated", grant.office.code, **_details(grant))
    return secret


def revoke(session: Session, grant: Grant, actor: str) -> None:
    """Effective on the client's next request: every request reads the grant from the store."""
    if not grant.active:
        return
    grant.revoked_at = utcnow()
    audit.record(session, actor, "grant.revoked", grant.office.code, **_details(grant))


def by_client_id(session: Session, client_id: str) -> Grant | None:
    return session.scalar(
        select(Grant)
        .options(joinedload(Grant.office), joinedload(Grant.third_party))
        .where(Grant.client_id == client_id)
    )


def listing(
    session: Session, office: Office | None = None, *, active_only: bool = False
) -> list[Grant]:
    """Grants newest first, optionally of one office or only active ones."""
    query = (
        select(Grant)
        .options(joinedload(Grant.office), joinedload(Grant.third_party))
        .order_by(Grant.created_at.desc(), Grant.id.desc())
    )
    if office is not None:
        query = query.where(Grant.office_id == office.id)
    if active_only:
        query = query.where(Grant.revoked_at.is_(None))
    return list(session.scalars(query))
