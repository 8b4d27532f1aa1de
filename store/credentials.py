"""Client ids, client secrets and user passwords: how they are made, stored and checked.

Client secrets are 256 random bits, so a fast SHA-256 digest is as safe as a slow password hash
and keeps every OAI-PMH request cheap; comparison is constant-time. User passwords are chosen by
people, so they get werkzeug's salted scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

CLIENT_ID_PREFIX = "iph_"


@cache
def _dummy_password_hash() -> str:
    """Checked when an email is unknown so that "no such user" costs as long as "wrong
    password". Made on first use, not at import: an scrypt hash costs every process that
    imports this module (each ``iphub`` command, each worker) about 0.13 s at start."""
    return generate_password_hash("not a password")


def new_client_id() -> str:
    """An opaque, URL- and Basic-auth-safe identifier (no ``:``), unique by randomness."""
    return CLIENT_ID_PREFIX + secrets.token_hex(12)


def new_secret() -> str:
    """A 256-bit secret shown once to the office; only its digest is kept."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, secret_hash: str | None) -> bool:
    """Constant-time check; an unknown client (``None``) costs the same as a wrong secret."""
    expected = secret_hash or hash_secret(secrets.token_urlsafe(32))
    return hmac.compare_digest(hash_secret(secret), expected) and secret_hash is not None


def hash_password(password: str) -> str:
    """Salted hash with PASSWORD_HASH_METHOD (werkzeug's scrypt by default)."""
    method = "scrypt"
    if has_app_context():
        method = current_app.config.get("PASSWORD_HASH_METHOD") or method
    return generate_password_hash(password, method=method)


def password_matches(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        check_password_hash(_dummy_password_hash(), password)
        return False
    return check_password_hash(password_hash, password)
