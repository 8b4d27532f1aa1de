"""Third parties and requests to admit them: shared by portal, console and CLI, always audited."""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import audit
from node.access.models import THIRD_PARTY_KINDS, OfficePolicy, ThirdParty, ThirdPartyRequest
from node.storage.base import utcnow
from node.storage.models import Office


class PartyError(ValueError):
    """A third-party change that cannot be made; the message is shown to the user."""


def all_parties(session: Session) -> list[ThirdParty]:
    return list(session.scalars(select(ThirdParty).order_by(ThirdParty.code)))


def add(
    session: Session,
    code: str,
    name: str,
    kind: str,
    contact: str,
    actor: str,
    office_code: str | None = None,
) -> ThirdParty:
    """Register a third party; codes are upper-case and unique."""
    code = code.strip().upper()
    if kind not in THIRD_PARTY_KINDS:
        raise PartyError(f"kind must be one of {', '.join(THIRD_PARTY_KINDS)}")
    if session.scalar(select(ThirdParty).where(ThirdParty.code == code)) is not None:
        raise PartyError(f"third party {code} already exists")
    party = ThirdParty(code=code, name=name.strip(), kind=kind, contact=contact.strip())
    session.add(party)
    audit.record(
        session, actor, "third_party.added", office_code, code=code, name=party.name, kind=kind
    )
    return party


def may_invite(session: Session, office: Office) -> bool:
    """Whether the office adds third parties itself (its policy, else the global default)."""
    policy = session.get(OfficePolicy, office.id)
    if policy is not None:
        return policy.may_invite
    return bool(has_app_context() and current_app.config.get("THIRD_PARTY_INVITE_DEFAULT"))


def set_may_invite(session: Session, office: Office, allowed: bool, actor: str) -> None:
    policy = session.get(OfficePolicy, office.id) or OfficePolicy(office_id=office.id)
    policy.may_invite = allowed
    session.add(policy)
    audit.record(session, actor, "office.policy_changed", office.code, may_invite=allowed)


def request_party(
    session: Session, office: Office, code: str, name: str, kind: str, contact: str, actor: str
) -> ThirdPartyRequest:
    """An office asks the coordinator to admit a third party."""
    item = ThirdPartyRequest(
        office_id=office.id,
        code=code.strip().upper(),
        name=name.strip(),
        kind=kind,
        contact=contact.strip(),
        requested_by=actor,
        created_at=utcnow(),
    )
    session.add(item)
    audit.record(
        session, actor, "third_party.requested", office.code, code=item.code, name=item.name
    )
    return item


def pending(session: Session) -> list[ThirdPartyRequest]:
    return list(
        session.scalars(
            select(ThirdPartyRequest)
            .options(joinedload(ThirdPartyRequest.office))
            .where(ThirdPartyRequest.status == "pending")
            .order_by(ThirdPartyRequest.created_at)
        )
    )


def decide(session: Session, request_id: int, approve: bool, actor: str) -> ThirdPartyRequest:
    """Approve (registering the third party) or reject a pending request."""
    item = session.get(ThirdPartyRequest, request_id)
    if item is None or item.status != "pending":
        raise PartyError("no such pending request")
    item.status = "approved" if approve else "rejected"
    item.decided_at = utcnow()
    if approve:
        add(session, item.code, item.name, item.kind, item.contact, actor, item.office.code)
    audit.record(
        session, actor, f"third_party.request_{item.status}", item.office.code, code=item.code
    )
    return item
