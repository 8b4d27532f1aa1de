"""``iphub scheduler``: harvest each endpoint on its own schedule, read from the database.

The schedules live on the Endpoint rows, not in a file, so ``iphub office schedule`` (or the
portal) changes them without a restart: the scheduler re-reads them every ``reload_interval``
seconds and adds, replaces or removes its jobs. Every job goes through
:func:`harvester.runner.harvest_endpoint`, which takes the endpoint's lease; that is what makes
several scheduler processes or replicas safe: one of them harvests, the others skip.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from harvester.upload import DEFAULT_LIMITS, UploadLimits
from harvester.upload_runs import process_pending
from store import liveness, outage
from store.database import Database
from store.models import Endpoint

log = logging.getLogger("iphub.harvester")

_EVERY = re.compile(r"^every\s+(\d+)\s*([smhd])$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
JOB_PREFIX = "endpoint:"
#: Threads for harvests. Each endpoint's job runs at most once at a time (``max_instances=1``)
#: and threads are only started when needed, so with a cap above the number of endpoints a
#: slow endpoint holds its own thread and never one another endpoint is waiting for
#: (APScheduler's default of 10 let ten slow offices stall every schedule).
MAX_THREADS = 1000


def parse_schedule(text: str) -> BaseTrigger:
    """A trigger for ``"every 6h"``/``"every 30m"`` or a five-field cron expression (UTC).

    Raises ValueError with a sentence saying what is accepted.
    """
    text = text.strip()
    match = _EVERY.match(text)
    if match:
        amount, unit = int(match.group(1)), _UNITS[match.group(2).lower()]
        if amount < 1:
            raise ValueError("an interval must be at least 1")
        return IntervalTrigger(**{unit: amount}, timezone="UTC")
    try:
        return CronTrigger.from_crontab(text, timezone="UTC")
    except ValueError as error:
        raise ValueError(
            f"schedule {text!r} is neither 'every N[s|m|h|d]' nor a cron expression "
            f"like '0 2 * * *' ({error})"
        ) from None


def _guarded(name: str, function: Callable[[], object]) -> Callable[[], None]:
    """A periodic job whose crash is logged, never the scheduler's end."""

    def run() -> None:
        try:
            function()
        except Exception:
            log.exception("%s crashed", name)

    return run


class Scheduler:
    """The APScheduler jobs kept in step with the Endpoint rows."""

    def __init__(
        self,
        db: Database,
        settings: HarvestSettings,
        *,
        reload_interval: float = 30.0,
        harvest: Callable[..., object] = harvest_endpoint,
        limits: UploadLimits = DEFAULT_LIMITS,
        periodic: Iterable[tuple[str, Callable[[], object], float]] = (),
    ) -> None:
        """``periodic``: (name, function, seconds) jobs run besides the harvests, such as the
        monitoring check and the feedback sender (:mod:`node.monitoring.jobs`)."""
        self.db, self.settings, self.harvest, self.limits = db, settings, harvest, limits
        self.scheduler = BlockingScheduler(
            timezone="UTC", executors={"default": ThreadPoolExecutor(MAX_THREADS)}
        )
        self.schedules: dict[int, str] = {}
        self.scheduler.add_job(
            self.sync, IntervalTrigger(seconds=reload_interval), id="sync-schedules",
            max_instances=1, coalesce=True,
        )  # fmt: skip
        uploads = ("pending-uploads", self.uploads, reload_interval)
        for name, function, seconds in (uploads, *periodic):
            self.scheduler.add_job(_guarded(name, function), IntervalTrigger(seconds=seconds),
                                   id=name, max_instances=1, coalesce=True)  # fmt: skip

    def uploads(self) -> None:
        """Process the uploads no web process finished: pending, or left by a dead process
        (a periodic job: a crash is logged by :func:`_guarded`, never the scheduler's end)."""
        process_pending(self.db, self.settings, self.limits)

    def sync(self) -> None:
        """Bring the jobs in line with the enabled endpoints' schedules; runs whose process
        died are marked interrupted on the way."""
        liveness.reap(self.db)
        wanted = self._wanted()
        for endpoint_id in set(self.schedules) - set(wanted):
            self.scheduler.remove_job(f"{JOB_PREFIX}{endpoint_id}")
            del self.schedules[endpoint_id]
            log.info("endpoint=%s no longer scheduled", endpoint_id)
        for endpoint_id, schedule in wanted.items():
            if self.schedules.get(endpoint_id) != schedule:
                self._schedule(endpoint_id, schedule)

    def _wanted(self) -> dict[int, str]:
        with self.db.session() as session:
            rows = session.execute(
                select(Endpoint.id, Endpoint.schedule).where(
                    Endpoint.enabled.is_(True), Endpoint.schedule != ""
                )
            )
            return {row.id: row.schedule for row in rows}

    def _schedule(self, endpoint_id: int, schedule: str) -> None:
        try:
            trigger = parse_schedule(schedule)
        except ValueError as error:
            log.error("endpoint=%s not scheduled: %s", endpoint_id, error)
            self.schedules[endpoint_id] = schedule  # do not log the same error every sync
            return
        job_id = f"{JOB_PREFIX}{endpoint_id}"
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)
        self.scheduler.add_job(
            self._run, trigger, args=[endpoint_id], id=job_id,
            max_instances=1, coalesce=True, misfire_grace_time=3600,
        )  # fmt: skip
        self.schedules[endpoint_id] = schedule
        log.info("endpoint=%s scheduled: %s", endpoint_id, schedule)

    def _run(self, endpoint_id: int) -> None:
        """One scheduled run; whatever goes wrong is one log line and the next job still runs
        (a permanent failure is the run's summary line, every 15 s if so scheduled)."""
        try:
            summary = self.harvest(self.db, endpoint_id, self.settings)
        except Exception as error:  # one endpoint's bug or the store's outage: not the scheduler's
            sentence = outage.describe(error, self.db.url)
            log.error("endpoint=%s harvest stopped: %s", endpoint_id,
                      sentence or f"{error.__class__.__name__}: {error}")  # fmt: skip
            log.debug("endpoint=%s traceback", endpoint_id, exc_info=True)
            return
        log.log(logging.ERROR if summary.status == "failed" else logging.INFO, "%s", summary.line())

    def start(self) -> None:
        """Run until interrupted (SIGINT/SIGTERM via KeyboardInterrupt or SystemExit)."""
        self.sync()
        try:
            self.scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            log.info("scheduler stopping")

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)
