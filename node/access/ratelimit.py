"""Per-client rate limits on /oai, counted in the store so all workers and replicas share them.

A fixed window: ``RATE_LIMIT = "600/minute"`` allows 600 requests per client per calendar
minute. Each request is one atomic upsert (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``),
which both SQLite (3.35+) and PostgreSQL do without a race.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.access_models import RateCounter

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class RateLimitSyntaxError(ValueError):
    """RATE_LIMIT is not of the form N/second|minute|hour|day."""


@dataclass(frozen=True)
class Limit:
    count: int
    period: int  # seconds


def parse(value: str | None) -> Limit | None:
    """``"600/minute"`` → Limit(600, 60); empty, ``"off"`` or ``None`` → no limit."""
    if value is None or str(value).strip().lower() in {"", "off", "none", "0"}:
        return None
    number, _, unit = str(value).partition("/")
    unit = unit.strip().lower().rstrip("s") or "minute"
    if unit not in PERIODS or not number.strip().isdigit():
        raise RateLimitSyntaxError(
            f"RATE_LIMIT={value!r}: expected N/second, N/minute, N/hour or N/day"
        )
    return Limit(int(number), PERIODS[unit])


def _increment(session: Session, key: str, window: int) -> int:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(RateCounter)
        .values(key=key, window_start=window, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window_start"], set_={"count": RateCounter.count + 1}
        )
        .returning(RateCounter.count)
    )
    return session.execute(statement).scalar_one()


def hit(session: Session, key: str, limit: Limit, now: float | None = None) -> int | None:
    """Count one request of ``key``; the seconds to wait when over the limit, else None."""
    now = time.time() if now is None else now
    window = int(now // limit.period) * limit.period
    count = _increment(session, key[:120], window)
    if count == 1:  # first request of a new window: forget this key's older windows
        session.execute(
            delete(RateCounter).where(
                RateCounter.key == key[:120], RateCounter.window_start < window
            )
        )
    if count <= limit.count:
        return None
    return max(1, math.ceil(window + limit.period - now))
