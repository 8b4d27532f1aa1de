"""Who is calling: a grant's client, an office user or a coordinator, from HTTP credentials.

HTTP Basic (flask-httpauth) carries ``client_id:secret`` (a grant), ``email:password`` (a user)
or ``OFFICE:upload-key`` (the office API credential the harvester's upload API also takes); an
``Authorization: Bearer`` header carries a token from ``POST /oauth/token``. Every check reads
the store, so revocation, rotation and deactivation take effect on the next request, on every
replica; nothing about credentials is cached in the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from node.access import bearer_tokens, grants, throttle
from node.params import has_control_characters
from node.storage import get_db
from store import credentials
from store.access_models import Grant, User
from store.harvest_state import OfficeUploadKey
from store.models import Office

REALM = "iphub"
#: Principal names (and token subjects) of office API credentials: ``office:KH``.
OFFICE_KEY_PREFIX = "office:"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller, detached from any database session."""

    kind: str  # "client" | "office" | "coordinator"
    name: str  # client id or email
    office_code: str | None = None
    ip_type: str | None = None  # clients only
    level: str | None = None  # clients only
    third_party: str | None = None  # clients only

    @property
    def rate_key(self) -> str:
        prefix = "client" if self.kind == "client" else "user"
        return f"{prefix}:{self.name}"


def client_principal(grant: Grant) -> Principal:
    return Principal(
        "client",
        grant.client_id,
        grant.office.code,
        grant.ip_type,
        grant.level,
        grant.third_party.code,
    )


def user_principal(user: User) -> Principal:
    code = user.office.code if user.office is not None else None
    return Principal(user.role, user.email, code)


def check_client(session: Session, client_id: str, secret: str) -> Principal | None:
    """An active grant whose secret matches, else None (unknown, wrong and revoked alike)."""
    grant = grants.by_client_id(session, client_id)
    if not credentials.secret_matches(secret, grant.secret_hash if grant else None):
        return None
    if grant is None or not grant.active:
        return None
    return client_principal(grant)


def _user(session: Session, email: str) -> User | None:
    return session.scalar(
        select(User).options(joinedload(User.office)).where(User.email == email.strip().lower())
    )


def check_user(session: Session, email: str, password: str) -> Principal | None:
    """An active user with this password, unless the address is throttled for this email."""
    email = email.strip().lower()
    if throttle.is_blocked(session, email):
        return None
    user = _user(session, email)
    ok = credentials.password_matches(password, user.password_hash if user else None)
    if not ok or user is None or not user.active:
        return None
    return user_principal(user)


def _office_key_hash(session: Session, code: str) -> str | None:
    return session.scalar(
        select(OfficeUploadKey.key_sha256)
        .join(Office, Office.id == OfficeUploadKey.office_id)
        .where(Office.code == code.upper())
    )


def check_office_key(session: Session, code: str, key: str) -> Principal | None:
    """The office API credential: the office code with its upload key (SHA-256 stored)."""
    code = code.removeprefix(OFFICE_KEY_PREFIX).upper()
    if not credentials.secret_matches(key, _office_key_hash(session, code)):
        return None
    return Principal("office", OFFICE_KEY_PREFIX + code, code)


def check_token(session: Session, token: str) -> Principal | None:
    """A signed, unexpired token whose grant (or user) is still active and whose secret (or
    password) did not change since it was issued."""
    claimed = bearer_tokens.subject_of(token)
    if claimed is None:
        return None
    subject, fp = claimed
    if subject.startswith(OFFICE_KEY_PREFIX):
        stored = _office_key_hash(session, subject.removeprefix(OFFICE_KEY_PREFIX))
        if stored is None or not bearer_tokens.matches(fp, stored):
            return None
        return Principal("office", subject, subject.removeprefix(OFFICE_KEY_PREFIX))
    if "@" in subject:
        user = _user(session, subject)
        if user is None or not user.active or not bearer_tokens.matches(fp, user.password_hash):
            return None
        return user_principal(user)
    grant = grants.by_client_id(session, subject)
    if grant is None or not grant.active or not bearer_tokens.matches(fp, grant.secret_hash):
        return None
    return client_principal(grant)


def credential_hash(session: Session, principal: Principal) -> str:
    """The stored hash a bearer token for ``principal`` is tied to."""
    if principal.kind == "client":
        return grants.by_client_id(session, principal.name).secret_hash
    if principal.name.startswith(OFFICE_KEY_PREFIX):
        return _office_key_hash(session, principal.office_code)
    return _user(session, principal.name).password_hash


def check(session: Session, username: str, secret: str) -> Principal | None:
    """HTTP Basic or token-endpoint credentials: an email means a user, an ``iph_`` id a grant's
    client, anything else an office code with its upload key."""
    if not username or has_control_characters(username + secret):
        return None  # a NUL is no one's name, and PostgreSQL refuses it in a query
    if "@" in username:
        return check_user(session, username, secret)
    if username.startswith(credentials.CLIENT_ID_PREFIX):
        return check_client(session, username, secret)
    return check_office_key(session, username, secret)


def attempt(session: Session, username: str, secret: str, reason: str) -> Principal | None:
    """:func:`check` for an unauthenticated caller: refused with 429 before any hash is
    computed when its address is flooding, and a failure counted against the address."""
    throttle.refuse_flooding(session)
    principal = check(session, username, secret)
    if principal is None:
        throttle.record_failure(session, username, reason)
    return principal


basic = HTTPBasicAuth(realm=REALM)
bearer = HTTPTokenAuth("Bearer", realm=REALM)


@basic.verify_password
def _verify_password(username: str, password: str) -> Principal | None:
    with get_db().session() as session:
        return attempt(session, username, password, "http-basic")


@bearer.verify_token
def _verify_token(token: str) -> Principal | None:
    with get_db().session() as session:
        return check_token(session, token)


def scheme_of(header: str | None) -> str | None:
    """``basic``, ``bearer``, another scheme's name, or None when there is no header."""
    if not header or not header.strip():
        return None
    return header.strip().split(None, 1)[0].lower()


def from_request() -> tuple[Principal | None, bool]:
    """(principal, credentials_present) for the current request.

    Presented but invalid credentials give (None, True): the caller must answer 401 even on an
    open node, so that a client with a revoked secret notices instead of silently reading less.
    """
    from flask import request

    scheme = scheme_of(request.headers.get("Authorization"))
    if scheme is None:
        return None, False
    if scheme == "basic":
        return basic.authenticate(basic.get_auth(), None) or None, True
    if scheme == "bearer":
        return bearer.authenticate(bearer.get_auth(), None) or None, True
    return None, True
