"""Third parties and requests to admit them: shared by portal, console and CLI, always audited."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import audit
from store.access_models import THIRD_PARTY_KINDS, OfficePolicy, ThirdParty, ThirdPartyRequest
from store.base import utcnow
from store.models import Office


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
    if _existing(session, code) is not None:
        raise PartyError(f"Third party {code} already exists.")
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


def _existing(session: Session, code: str) -> ThirdParty | None:
    return session.scalar(select(ThirdParty).where(ThirdParty.code == code))


def _pending_request(session: Session, code: str) -> ThirdPartyRequest | None:
    return session.scalar(
        select(ThirdPartyRequest)
        .where(ThirdPartyRequest.code == code, ThirdPartyRequest.status == "pending")
        .limit(1)
    )


def request_party(
    session: Session, office: Office, code: str, name: str, kind: str, contact: str, actor: str
) -> ThirdPartyRequest:
    """An office asks the coordinator to admit a third party.

    Refused when the third party exists (the office can authorize it right away) or is already
    requested (by any office: once approved it is there for every office), so the coordinator
    never gets a request that can only fail or that duplicates another.
    """
    code = code.strip().upper()
    if _existing(session, code) is not None:
        raise PartyError(
            f"Third party {code} already exists: choose it in the list of third parties."
        )
    if _pending_request(session, code) is not None:
        raise PartyError(
            f"Third party {code} has already been requested; it appears in the list once the "
            "coordinator approves it."
        )
    item = ThirdPartyRequest(
        office_id=office.id,
        code=code,
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


@dataclass(frozen=True)
class Decision:
    """A decided request and the sentence that tells the coordinator what happened."""

    request: ThirdPartyRequest
    message: str


def decide(session: Session, request_id: int, approve: bool, actor: str) -> Decision:
    """Approve (registering the third party) or reject a pending request.

    Approving a request whose third party was registered meanwhile (by the console, the CLI or
    another request) closes it as approved without registering anything: what the office asked
    for is there, and no request stays pending forever.
    """
    item = session.get(ThirdPartyRequest, request_id)
    if item is None or item.status != "pending":
        raise PartyError("This request is no longer pending; it was decided already.")
    item.status = "approved" if approve else "rejected"
    item.decided_at = utcnow()
    message = f"Request for {item.code} {item.status}."
    existed = approve and _existing(session, item.code) is not None
    if existed:
        message = f"Third party {item.code} already exists; the request is closed as approved."
    elif approve:
        add(session, item.code, item.name, item.kind, item.contact, actor, item.office.code)
    details = {"code": item.code, "already_registered": True} if existed else {"code": item.code}
    audit.record(session, actor, f"third_party.request_{item.status}", item.office.code, **details)
    return Decision(item, message)
