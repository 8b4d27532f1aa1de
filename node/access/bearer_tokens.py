"""OAuth 2.0 bearer tokens: stateless, signed with SECRET_KEY, short-lived.

Stateless so any replica can check a token another replica issued. A token names its subject
(a client id, or a user's email) and a fingerprint of the subject's current credential hash;
every request still reads the grant or user, so a revocation or deactivation stops the token at
once and a secret rotation or password change invalidates every token issued before it.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

_SALT = "iphub.oauth.access-token"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def fingerprint(credential_hash: str) -> str:
    """Ties a token to one secret or password: changing it changes the fingerprint."""
    return hashlib.sha256(credential_hash.encode("utf-8")).hexdigest()[:32]


def issue(subject: str, credential_hash: str) -> str:
    return _serializer().dumps({"sub": subject, "fp": fingerprint(credential_hash)})


def ttl() -> int:
    return int(current_app.config["OAUTH_TOKEN_TTL"])


def subject_of(token: str) -> tuple[str, str] | None:
    """(subject, fingerprint) of a valid, unexpired token; None for anything else."""
    try:
        payload = _serializer().loads(token, max_age=ttl())
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict) or not {"sub", "fp"} <= payload.keys():
        return None
    return str(payload["sub"]), str(payload["fp"])


def matches(expected_fp: str, credential_hash: str) -> bool:
    return hmac.compare_digest(expected_fp, fingerprint(credential_hash))
