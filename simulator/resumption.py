"""Stateless resumption tokens: the token carries the whole position of a list request.

A token is the list's arguments plus the keyset of the last item served
(datestamp, IP type position, record index) and the cursor. Nothing is kept on the server,
so tokens survive restarts and never expire (the ``expired_token`` fault simulates servers
whose tokens do). Keyset rather than offset paging keeps page *n* as cheap as page 1.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass

from oaiprotocol.errors import BadResumptionToken


@dataclass(frozen=True, slots=True)
class Position:
    """Where a list request continues."""

    verb: str
    metadata_prefix: str
    set_spec: str | None
    from_: str | None
    until: str | None
    after: tuple[int, int, int]
    """(datestamp, ip type position, index) of the last item already served."""
    cursor: int
    """Number of items served before the next page."""


def encode(position: Position) -> str:
    raw = json.dumps(asdict(position), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, verb: str) -> Position:
    """The position in a token; badResumptionToken for anything this server did not issue."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        position = Position(**{**data, "after": tuple(data["after"])})
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise BadResumptionToken(f"The resumption token {token!r} is not valid.") from exc
    if (
        position.verb != verb
        or len(position.after) != 3
        or not all(isinstance(v, int) for v in position.after)
        or not isinstance(position.cursor, int)
        or not isinstance(position.metadata_prefix, str)
    ):
        raise BadResumptionToken(f"The resumption token {token!r} is not valid for {verb}.")
    return position
