"""Signed webhook posts: HMAC-SHA256 over ``timestamp + "." + body`` with the subscription's
secret, like Stripe's and Slack's schemes, so a receiver can check both who sent the post and
that it is recent (a replayed post carries an old timestamp).

Headers: ``X-Iphub-Timestamp`` (Unix seconds), ``X-Iphub-Signature`` (``sha256=<hex>``),
``X-Iphub-Event`` and ``X-Iphub-Delivery`` (the outbox row id: retries repeat it, so a receiver
can drop duplicates). :func:`verify` is what a receiver runs; the tests' receiver does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

SIGNATURE = "X-Iphub-Signature"
TIMESTAMP = "X-Iphub-Timestamp"
EVENT = "X-Iphub-Event"
DELIVERY = "X-Iphub-Delivery"
#: Seconds a receiver should accept between the timestamp and its own clock.
TOLERANCE = 300


def new_secret() -> str:
    """A webhook secret: 32 random bytes, URL-safe (shown to the office once)."""
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of ``"<timestamp>." + body`` keyed with ``secret``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def headers(secret: str, body: bytes, event: str, delivery_id: int, now: float) -> dict:
    """The request headers of one post (timestamp taken at each attempt)."""
    timestamp = int(now)
    return {
        "Content-Type": "application/json",
        TIMESTAMP: str(timestamp),
        SIGNATURE: sign(secret, timestamp, body),
        EVENT: event,
        DELIVERY: str(delivery_id),
    }


def verify(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE,
) -> bool:
    """Whether a received post is authentic and fresh (constant-time comparison)."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)
