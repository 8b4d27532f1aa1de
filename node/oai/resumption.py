"""Stateless resumption tokens: everything the next page needs, signed, nothing kept server-side.

A token carries the verb, metadataPrefix, set, from, the *frozen* until, the client id, the
keyset position (datestamp and id of the last record sent), the cursor, completeListSize and
(in the signature) the time it was issued. It is signed with the app's ``SECRET_KEY`` through
itsdangerous, so any worker or replica sharing the secret and the database serves the next page,
and a tampered token, one older than ``OAI_TOKEN_TTL``, or one presented by another client is a
badResumptionToken.

Frozen upper bound: the first request of a list fixes ``until = min(until, now)`` and every
page keeps it. A record changed during a long harvest gets a datestamp past that bound, so it
leaves this list (it is neither repeated nor seen twice at two positions) and is picked up by
the next incremental harvest, whose ``from`` is this harvest's first responseDate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from oaiprotocol.dates import format_stamp
from oaiprotocol.errors import BadResumptionToken

SALT = "iphub.oai.resumption-token.v1"
_STAMP = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class ResumeState:
    """The state of a list between two pages."""

    verb: str
    prefix: str
    set_spec: str | None
    from_: datetime | None
    until: datetime
    client_id: str | None
    last_datestamp: datetime
    last_id: int
    cursor: int  # records sent before the next page
    complete_size: int


def _stamp(value: datetime | None) -> str | None:
    return format_stamp(value) if value is not None else None


def _unstamp(value: str | None) -> datetime | None:
    return datetime.strptime(value, _STAMP) if value is not None else None


class TokenCodec:
    """Signs and checks tokens with one secret and TTL."""

    def __init__(self, secret: str, ttl: int) -> None:
        self.ttl = ttl
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)

    def dumps(self, state: ResumeState) -> str:
        data = asdict(state)
        for key in ("from_", "until", "last_datestamp"):
            data[key] = _stamp(data[key])
        return self._serializer.dumps(list(data.values()))

    def loads(self, token: str, verb: str, client_id: str | None) -> ResumeState:
        """The state in ``token``; badResumptionToken for anything not issued by us for this use."""
        try:
            values = self._serializer.loads(token, max_age=self.ttl)
        except SignatureExpired:
            raise BadResumptionToken("the resumptionToken has expired") from None
        except BadSignature:
            raise BadResumptionToken("the resumptionToken is invalid") from None
        state = self._decode(values)
        if state.verb != verb:
            raise BadResumptionToken(f"the resumptionToken was issued for {state.verb}")
        if state.client_id != client_id:
            raise BadResumptionToken("the resumptionToken was issued to another client")
        return state

    @staticmethod
    def _decode(values: object) -> ResumeState:
        try:
            verb, prefix, set_spec, from_, until, client, last_d, last_i, cursor, size = values
            return ResumeState(
                verb,
                prefix,
                set_spec,
                _unstamp(from_),
                _unstamp(until),
                client,
                _unstamp(last_d),
                int(last_i),
                int(cursor),
                int(size),
            )
        except (TypeError, ValueError):
            raise BadResumptionToken("the resumptionToken is invalid") from None

    def expiration(self, issued: datetime) -> datetime:
        """expirationDate of a token issued at ``issued``."""
        return issued + timedelta(seconds=self.ttl)
