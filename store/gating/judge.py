"""A gated delivery's figures against its set's thresholds, when its run ends.

Measured over the versions the run held (:class:`~store.gating.models.HeldRecord`), per IP
type, with a handful of aggregate queries: the common path (a set without thresholds) never
comes here.

* ``critical_share``: held versions with a critical or error finding / versions held;
* ``invalid_share``: held versions failing ST.96 XSD validation / versions held;
* ``count_drop``: the larger of the deletions held / records served before the run, and the
  drop of the office's listed count (a full run's ``completeListSize``) against the one
  before it (:class:`store.monitoring_models.OfficeCount`);
* ``collision_share``: held versions whose application number another held version of the
  run, or another served record of the set, also has / versions held (computed only when
  that threshold is on: it reads the application number of every served record of the set).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from store.gating.models import HeldRecord
from store.gating.settings import THRESHOLDS, Limits
from store.models import HarvestRun, PublishedRecord
from store.monitoring_models import OfficeCount

H = HeldRecord.__table__
P = PublishedRecord.__table__


@dataclass
class Verdict:
    """One IP type's figures of a delivery and the thresholds they breach."""

    ip_type: str
    figures: dict = field(default_factory=dict)
    breaches: list[dict] = field(default_factory=list)


def held_types(session: Session, run_id: int) -> list[str]:
    query = select(H.c.ip_type).where(H.c.run_id == run_id).distinct()
    return sorted(session.scalars(query))


def judge(session: Session, run: HarvestRun, ip_type: str, limits: Limits) -> Verdict:
    """The delivery's figures and breaches for ``ip_type``."""
    verdict = Verdict(ip_type)
    figures = verdict.figures
    figures.update(_tally(session, run.id, ip_type))
    records = figures["records"]
    figures["served_before"] = served(session, run_office(session, run), ip_type)
    checked = limits.collision_share is not None  # the one figure that reads the whole set
    figures["colliding"] = len(colliding(session, run.id, ip_type)) if checked else 0
    figures["listed"], figures["listed_before"] = _listed(session, run)
    shares = {
        "critical_share": _share(figures["critical"], records),
        "invalid_share": _share(figures["invalid"], records),
        "count_drop": max(
            _share(figures["deleted"], figures["served_before"]),
            _drop(figures["listed_before"], figures["listed"]),
        ),
        "collision_share": _share(figures["colliding"], records),
    }
    figures["shares"] = {name: round(value, 4) for name, value in shares.items()}
    for name in THRESHOLDS:
        limit = getattr(limits, name)
        if limit is not None and shares[name] > limit:
            verdict.breaches.append({"threshold": name, "value": round(shares[name], 4),
                                     "limit": limit, "what": THRESHOLDS[name]})  # fmt: skip
    return verdict


def _share(part: int, whole: int | None) -> float:
    return part / whole if whole else 0.0


def _drop(before: int | None, now: int | None) -> float:
    if not before or now is None or now >= before:
        return 0.0
    return (before - now) / before


def _tally(session: Session, run_id: int, ip_type: str) -> dict[str, int]:
    live = H.c.deleted.is_(False)
    query = select(
        func.count().filter(live),
        func.count().filter(and_(live, H.c.critical > 0)),
        func.count().filter(and_(live, H.c.validation_status == "invalid")),
        func.count().filter(H.c.deleted.is_(True)),
    ).where(H.c.run_id == run_id, H.c.ip_type == ip_type)
    records, critical, invalid, deleted = session.execute(query).one()
    return {"records": records, "critical": critical, "invalid": invalid, "deleted": deleted}


def run_office(session: Session, run: HarvestRun) -> str:
    from store.models import Office

    return session.get(Office, run.office_id).code


def served(session: Session, office_code: str, ip_type: str) -> int:
    """Records of the set served now, not deleted: every row from the office index minus
    the deleted ones from the partial index (as the monitoring figures count them)."""
    every = select(func.count()).where(P.c.office_code == office_code, P.c.ip_type == ip_type)
    gone = every.where(P.c.deleted == true())
    return session.execute(every).scalar_one() - session.execute(gone).scalar_one()


def colliding(session: Session, run_id: int, ip_type: str) -> dict[str, str]:
    """Held identifier → another identifier with its application number (held in the same
    run, or served in the set), for every held version that collides.

    Linear: the run's numbers are grouped here, then the set's served numbers are streamed
    once (a join would be a nested loop over rows whose numbers sit behind their renderings
    on SQLite, and no index on published numbers is worth its cost to every ingest)."""
    held = session.execute(
        select(H.c.oai_identifier, H.c.application_number, H.c.office_code).where(
            H.c.run_id == run_id, H.c.ip_type == ip_type, H.c.deleted.is_(False),
            H.c.application_number.is_not(None),
        )
    ).all()  # fmt: skip
    if not held:
        return {}
    by_number: dict[str, list[str]] = defaultdict(list)
    for identifier, number, _ in held:
        by_number[number].append(identifier)
    found = {i: next(o for o in same if o != i)
             for same in by_number.values() if len(same) > 1 for i in same}  # fmt: skip
    served = select(P.c.oai_identifier, P.c.application_number).where(
        P.c.office_code == held[0].office_code, P.c.ip_type == ip_type,
        P.c.deleted.is_(False), P.c.application_number.is_not(None),
    )  # fmt: skip
    for theirs, number in session.execute(served.execution_options(yield_per=5000)):
        for mine in by_number.get(number, ()):
            if mine != theirs:
                found.setdefault(mine, theirs)
    return found


def _listed(session: Session, run: HarvestRun) -> tuple[int | None, int | None]:
    """The office's listed count seen by this run, and the one before it (full runs only)."""
    if run.endpoint_id is None or run.window_from is not None:
        return None, None
    query = (
        select(OfficeCount.records, OfficeCount.counted_at)
        .where(OfficeCount.endpoint_id == run.endpoint_id, OfficeCount.source == "harvest")
        .order_by(OfficeCount.counted_at.desc(), OfficeCount.id.desc())
        .limit(2)
    )
    rows = session.execute(query).all()
    if not rows or run.ended_at is None or rows[0][1] < run.started_at:
        return None, None
    return rows[0][0], (rows[1][0] if len(rows) > 1 else None)
