"""Records held per year of application, and the years where the back-file has holes.

The year is read from the published ST.96 bytes (the application or filing date; a design,
which has none in ST.96, by its registration date), not from the application number: office
number formats differ too much (``KH/49/2021/…``, ``{yy}0…``, ``DID2021…``) to be trusted.
Counting streams every record's bytes, so it runs on a schedule (``iphub monitor check``,
``iphub scheduler``) and only for sets changed since their last count; the figures are rows.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store.base import utcnow
from store.models import PublishedRecord
from store.monitoring_models import YearCount

_APPLICATION = re.compile(rb"<(?:com|pat|tmk|dgn):(?:ApplicationDate|FilingDate)>(\d{4})-")
_REGISTRATION = re.compile(rb"<com:RegistrationDate>(\d{4})-")
UNKNOWN = 0
#: A year holding fewer than this share of the typical (median) year is a gap.
GAP_SHARE = 0.25


def application_year(st96: bytes | None) -> int:
    """The year of application (else registration) of a record; 0 when neither is there."""
    if not st96:
        return UNKNOWN
    match = _APPLICATION.search(st96) or _REGISTRATION.search(st96)
    return int(match.group(1)) if match else UNKNOWN


def count_years(session: Session, office: str, ip_type: str) -> Counter:
    """Held records per application year, streamed (one record's bytes in memory at a time)."""
    query = (
        select(PublishedRecord.st96)
        .where(
            PublishedRecord.office_code == office,
            PublishedRecord.ip_type == ip_type,
            PublishedRecord.deleted.is_(False),
        )
        .execution_options(yield_per=500)
    )
    return Counter(application_year(st96) for st96 in session.scalars(query))


def refresh(
    session: Session, *, now: datetime | None = None, force: bool = False, min_age: float = 0
) -> int:
    """Recount the sets whose records changed since their last count, and whose last count is
    at least ``min_age`` seconds old (a busy set is not re-read every hour); the sets
    recounted."""
    moment = now or utcnow()
    changed = select(
        PublishedRecord.office_code, PublishedRecord.ip_type, func.max(PublishedRecord.datestamp)
    ).group_by(PublishedRecord.office_code, PublishedRecord.ip_type)
    counted = dict(
        ((o, t), at)
        for o, t, at in session.execute(
            select(
                YearCount.office_code, YearCount.ip_type, func.min(YearCount.computed_at)
            ).group_by(YearCount.office_code, YearCount.ip_type)
        )
    )
    done = 0
    for office, ip_type, latest in session.execute(changed).all():
        last = counted.get((office, ip_type))
        unchanged = last is not None and latest is not None and latest <= last
        recent = last is not None and (moment - last).total_seconds() < min_age
        if not force and (unchanged or recent):
            continue
        _store(session, office, ip_type, count_years(session, office, ip_type), moment)
        done += 1
    return done


def _store(session: Session, office: str, ip_type: str, counts: Counter, moment) -> None:
    session.execute(
        delete(YearCount).where(YearCount.office_code == office, YearCount.ip_type == ip_type)
    )
    session.add_all(
        YearCount(office_code=office, ip_type=ip_type, year=y, records=n, computed_at=moment)
        for y, n in sorted(counts.items())
    )
    session.flush()


def stored(session: Session, office: str, ip_type: str) -> dict[int, int]:
    """The last count of one set: year → records (0 = year unknown)."""
    rows = session.execute(
        select(YearCount.year, YearCount.records).where(
            YearCount.office_code == office, YearCount.ip_type == ip_type
        )
    )
    return dict(rows.all())


@dataclass(frozen=True)
class Gap:
    """A year of the back-file with no or suspiciously few records."""

    year: int
    records: int
    typical: int

    def as_dict(self) -> dict:
        return {"year": self.year, "records": self.records, "typical": self.typical}


def gaps(counts: dict[int, int], share: float = GAP_SHARE) -> list[Gap]:
    """Years between the first and last year held with fewer than ``share`` of the median
    year's records (an empty year in the middle of the back-file is the typical hole)."""
    known = {y: n for y, n in counts.items() if y != UNKNOWN and n > 0}
    if len(known) < 2:
        return []
    typical = int(statistics.median(known.values()))
    return [
        Gap(year, known.get(year, 0), typical)
        for year in range(min(known), max(known) + 1)
        if known.get(year, 0) < typical * share
    ]
