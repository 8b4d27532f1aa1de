"""One harvest run of one endpoint: page by page, committed and checkpointed after each page.

The run's life: take the endpoint's lease → open a :class:`HarvestRun` (continuing the token of
an interrupted run when there is one) → walk the list → mark the run succeeded / partial /
failed / interrupted. A page is fetched, its records ingested and the next resumption token
saved in one transaction, so a process killed at any moment loses at most the pages in hand,
and the next run starts from the saved token.

Three things overlap: the office sends page N+1 (read-ahead thread), worker processes map
page N+1 (:mod:`harvester.pool`, ``HARVEST_WORKERS``), and this process stores page N. With
mapping in process (``HARVEST_WORKERS=1``) each page is stored as soon as it is mapped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sickle.oaiexceptions import BadResumptionToken, NoRecordsMatch
from sqlalchemy import select

from harvester import bounds
from harvester.client import Item, OAIClient, Page
from harvester.faults import HarvestFault, Stop, TokenLoop, with_retries
from harvester.gc_tuning import frozen_heap
from harvester.ingest import (
    Target,
    holds_any,
    ingest_items,
    ip_type_for,
    to_map,
    tune_page_transaction,
)
from harvester.planner_stats import GrowthAnalyzer
from harvester.pool import PendingMap, RecordMapper
from harvester.run_ending import RunEnding
from harvester.run_summary import EndpointInfo, RunSummary
from harvester.settings import HarvestSettings
from oaiprotocol import dates
from store import liveness, locks
from store.base import utcnow
from store.database import Database
from store.gating.settings import gated_types_of
from store.models import Endpoint, HarvestRun
from store.run_end import run_finished

log = logging.getLogger("iphub.harvester")

DAY = "YYYY-MM-DD"
RESUMABLE = ("running", "interrupted", "failed")


@dataclass
class Prepared:
    """A page on its way to the store: its items, and their mapping when done ahead."""

    items: list[Item]
    page: Page
    digests: list[str | None] | None = None
    keys: list[str] = field(default_factory=list)
    pending: PendingMap | None = None

    def mapped(self) -> dict:
        """sha256 → ProcessedRecord | SourceError of the records mapped ahead."""
        if self.pending is None:
            return {}
        return dict(zip(self.keys, self.pending.results(), strict=True))


def harvest_endpoint(
    db: Database,
    endpoint_id: int,
    settings: HarvestSettings,
    *,
    full: bool = False,
    progress: Callable[..., Any] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunSummary:
    """Harvest one endpoint unless another process is harvesting it right now."""
    info = EndpointInfo.load(db, endpoint_id)
    lease = locks.acquire(db, f"endpoint:{endpoint_id}", ttl=settings.lease_ttl)
    if lease is None:
        holder = locks.current_holder(db, f"endpoint:{endpoint_id}")
        message = f"skipped: already being harvested by {holder}"
        log.warning("office=%s endpoint=%s %s", info.office, endpoint_id, message)
        return RunSummary(info.office, info.metadata_prefix, None, "skipped", message=message)
    with lease, frozen_heap():
        return Harvest(db, info, settings, full=full, lease=lease, sleep=sleep).run(progress)


class Harvest(RunEnding):
    """The state of one run while it walks the list."""

    def __init__(self, db, info, settings, *, full, lease, sleep) -> None:
        self.db: Database = db
        self.info: EndpointInfo = info
        self.settings: HarvestSettings = settings
        self.full: bool = full
        self.lease = lease
        self.sleep = sleep
        self.client = OAIClient(info.url, timeout=settings.timeout, limits=settings.limits)
        self.ahead_client = OAIClient(info.url, timeout=settings.timeout, limits=settings.limits)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        gated = gated_types_of(db, info.office)  # IP types whose deliveries are judged first
        self.target = Target(info.office_id, info.office, info.metadata_prefix,
                             settings.repository_identifier, gated)  # fmt: skip
        self.started = time.monotonic()
        # the budget holds inside a request too: a page dripping past it is cut (OutOfTime)
        self.client.until = self.ahead_client.until = self.started + settings.time_budget
        self.tokens = bounds.TokenTrail()
        self.page_no = 0
        self.run_id: int | None = None
        self.pending_errors: list[dict] = []
        self.seen: set[str] | None = set() if full and not info.set_spec else None
        self.use_get_record = info.use_get_record
        self.summary = RunSummary(info.office, info.metadata_prefix, None, "running")
        self.bar = None
        ip_type = ip_type_for(info.metadata_prefix)
        schemas = [ip_type] if ip_type in ("trademarks", "patents", "designs") else []
        self.mapper = RecordMapper(settings.workers, schemas)
        self.held: Prepared | None = None
        self.first_harvest: bool | None = None  # the store had nothing of this endpoint
        self.statistics = GrowthAnalyzer(db)
        self.list_size: int | None = None  # the office's completeListSize, for monitoring

    # -- lifecycle ---------------------------------------------------------------------------

    def run(self, progress: Callable[..., Any] | None = None) -> RunSummary:
        token = self._open_run()
        try:
            self._ensure_granularity()
            if progress is not None:
                self.bar = progress(desc=f"{self.info.office} {self.info.metadata_prefix}")
            self._walk(token)
            self._documents()
        except Stop as stop:
            self._close("interrupted", str(stop))
        except TokenLoop as loop:  # resuming its token next run would loop again
            self._close("failed", f"page {self.page_no}: {loop.kind}: {loop}", checkpoint=False)
        except HarvestFault as fault:
            where = f"page {self.page_no + 1}: " if self.page_no else ""
            self._close("failed", f"{where}{fault}")
        except BaseException as error:
            self._close("interrupted" if isinstance(error, KeyboardInterrupt) else "failed",
                        f"{error.__class__.__name__}: {error}")  # fmt: skip
            raise
        else:
            self._succeed()
        finally:
            if self.bar is not None:
                self.bar.close()
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.client.close()
            self.ahead_client.close()
        run_finished(self.db, self.run_id, self.list_size)
        return self.summary

    def _open_run(self) -> str | None:
        """Create the run; continue an interrupted run's token and window when there is one."""
        kind = "full" if self.full else "harvest"
        with self.db.session() as session:
            previous = session.scalars(
                select(HarvestRun)
                .where(HarvestRun.endpoint_id == self.info.id)
                .where(HarvestRun.kind.in_(("harvest", "full")))
                .order_by(HarvestRun.id.desc())
                .limit(1)
            ).first()  # fmt: skip
            run = HarvestRun(office_id=self.info.office_id, endpoint_id=self.info.id, kind=kind,
                             errors=[])  # fmt: skip
            liveness.attach(run, self.lease)
            resume = (
                previous is not None
                and previous.status in RESUMABLE
                and previous.checkpoint_token
                and previous.kind == kind
            )
            if resume:
                self._continue(previous, run)
            else:
                run.window_from = None if self.full else self._window_from()
            session.add(run)
            session.flush()
            self.run_id = self.summary.run_id = run.id
            if resume:
                self._note("resumed", f"continuing run {previous.id} from its checkpoint")
                if previous.status == "running":
                    previous.status, previous.ended_at = "interrupted", utcnow()
                    previous.last_error = f"process ended mid-run; resumed by run {run.id}"
            self.window_from = run.window_from
            return run.checkpoint_token

    def _continue(self, previous: HarvestRun, run: HarvestRun) -> None:
        run.window_from, run.window_until = previous.window_from, previous.window_until
        run.checkpoint_token, run.max_datestamp = previous.checkpoint_token, previous.max_datestamp
        self.seen = None  # the records of the earlier process are unknown: no missing report

    def _window_from(self) -> datetime | None:
        last = self.info.last_datestamp
        if last is None:
            return None
        if last > utcnow():  # stored before datestamps were clamped: list everything once
            self._note("future-datestamp", f"the endpoint's last datestamp {last:%Y-%m-%d} is "
                       "in the future; harvesting the whole list once to repair it")  # fmt: skip
            return None
        if self.info.granularity == DAY:  # the whole last day again: it is the overlap
            return last.replace(hour=0, minute=0, second=0)
        return last - timedelta(seconds=self.settings.overlap)

    def _ensure_granularity(self) -> None:
        """Ask Identify once per endpoint: ``from`` must use the office's granularity."""
        if self.info.granularity:
            return
        identity = with_retries(self.client.identify, self.settings.policy, self._on_fault,
                                self._sleep)  # fmt: skip
        with self.db.session() as session:
            session.get(Endpoint, self.info.id).granularity = identity.granularity
        self.info = EndpointInfo(**{**self.info.__dict__, "granularity": identity.granularity})
        if identity.granularity == DAY and self.window_from is not None:
            self.window_from = self.window_from.replace(hour=0, minute=0, second=0)

    # -- walking the list --------------------------------------------------------------------

    def _params(self) -> dict[str, str]:
        params = {"metadataPrefix": self.info.metadata_prefix}
        if self.info.set_spec:
            params["set"] = self.info.set_spec
        if self.window_from is not None:
            params["from"] = dates.format_stamp(self.window_from, self.info.granularity)
        return params

    def _walk(self, token: str | None) -> None:
        """Walk the list; a page mapped ahead is stored before any ending (fault, stop)."""
        try:
            self._walk_pages(token)
        except (Stop, HarvestFault):  # OutOfTime is a Stop
            self._store_held()
            raise
        self._store_held()

    def _walk_pages(self, token: str | None) -> None:
        token_attempts = restarts = 0
        ahead: dict[tuple[str, str | None], Future] = {}
        self.tokens.start(token)
        while True:
            self._check_can_go_on()
            verb = "ListIdentifiers" if self.use_get_record else "ListRecords"
            future, ahead = ahead.get((verb, token)), {}
            try:
                page = future.result() if future is not None else self._fetch(verb, token)
            except NoRecordsMatch:
                self._note("noRecordsMatch", "the office has no records in this window")
                return
            except BadResumptionToken as refused:
                token_attempts += 1
                if token_attempts <= self.settings.policy.token_retries:
                    self._note("badResumptionToken", f"{refused}; retrying the same token")
                    self.sleep(self.settings.policy.delay(token_attempts))
                    continue
                restarts += 1
                if restarts > self.settings.policy.max_restarts:
                    raise HarvestFault(f"token refused {restarts} times: {refused}") from None
                self._note("badResumptionToken", f"{refused}; restarting the window")
                token, token_attempts = None, 0
                self.tokens.start(None)
                continue
            except HarvestFault as fault:
                if self.use_get_record or fault.kind not in ("invalid-xml", "not-oai"):
                    raise
                self._note("fallback", "ListRecords keeps failing; switching to "
                           "ListIdentifiers + GetRecord from the start of the window")  # fmt: skip
                self.use_get_record, token = True, None
                self.tokens.start(None)
                continue
            token_attempts = 0
            self.list_size = self.list_size or page.complete_list_size
            looped = self.tokens.repeats(token, page.token)
            if page.token and not looped:  # fetch the next page while this one is stored
                ahead = {(verb, page.token): self.pool.submit(self._prefetch, verb, page.token)}
            items = self._get_records(page.items) if self.use_get_record else page.items
            self.page_no += 1  # in hand: faults from here on are the next page's
            if self.mapper.parallel:  # workers map this page while the previous one is stored
                prepared = self._prepare(items, page)
                self._store_held()
                self.held = prepared
            else:
                self._store(Prepared(items, page))
            if looped:
                raise TokenLoop(looped)
            if not page.token:
                return
            token = page.token

    def _check_can_go_on(self) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed > self.settings.time_budget:
            raise Stop(f"time budget of {self.settings.time_budget:.0f}s spent; checkpoint kept")
        if self.lease.lost:
            raise Stop("lease lost to another process; checkpoint kept")

    def _fetch(self, verb: str, token: str | None, client: OAIClient | None = None) -> Page:
        client = client or self.client
        return with_retries(
            lambda: client.page(verb, token=token, **self._params()),
            self.settings.policy,
            self._on_fault,
            self._sleep,
        )

    def _sleep(self, seconds: float) -> None:
        """A retry's wait, never past the time budget (the next request then stops the run)."""
        left = self.started + self.settings.time_budget - time.monotonic()
        self.sleep(max(0.0, min(seconds, left)))

    def _prefetch(self, verb: str, token: str) -> Page:
        """Runs on the read-ahead thread, with its own HTTP session."""
        return self._fetch(verb, token, self.ahead_client)

    def _get_records(self, headers: Iterable[Item]) -> list[Item]:
        """The fallback: one GetRecord per identifier; one that keeps failing is quarantined."""
        items = []
        for item in headers:
            if item.header.deleted:
                items.append(item)
                continue
            try:
                items.append(with_retries(
                    lambda i=item: self.client.get_record(i.header.identifier,
                                                          self.info.metadata_prefix),
                    self.settings.policy, self._on_fault, self._sleep,
                ))  # fmt: skip
            except HarvestFault as fault:
                items.append(Item(item.header, None, f"GetRecord failed: {fault.kind}: {fault}"))
        return items

    def _prepare(self, items: list[Item], page: Page) -> Prepared:
        """Send the page's changed records to the mapping workers; they are stored later."""
        if self.first_harvest is None:
            with self.db.session() as session:
                self.first_harvest = not holds_any(session, self.target)
        if self.first_harvest:  # nothing stored to compare with: one query less per page
            digests, wanted = to_map(None, self.target, items)
        else:
            with self.db.session() as session:
                digests, wanted = to_map(session, self.target, items)
        pending = self.mapper.submit(self.target.metadata_prefix, self.target.office_code,
                                     list(wanted.values()))  # fmt: skip
        return Prepared(items, page, digests, list(wanted), pending)

    def _store_held(self) -> None:
        held, self.held = self.held, None
        if held is not None:
            self._store(held)

    def _store(self, prepared: Prepared) -> None:
        """Ingest a page and checkpoint the next token in the same transaction."""
        items, page = prepared.items, prepared.page
        mapped = prepared.mapped()
        with self.db.session() as session:
            tune_page_transaction(session)
            run = session.get(HarvestRun, self.run_id)
            counts, failed = ingest_items(session, self.target, run, items,
                                          digests=prepared.digests, mapped=mapped)  # fmt: skip
            listed_deleted = sum(1 for i in items if i.header.deleted)
            self.summary.already_deleted += listed_deleted - counts["deleted"]
            self._retry_failed(session, run, failed, counts)
            for outcome, n in counts.items():
                setattr(run, outcome, getattr(run, outcome) + n)
                self.summary.counts[outcome] += n
            run.pages += 1
            run.checkpoint_token = page.token
            stamps = [i.header.datestamp for i in items if i.header.datestamp]
            if stamps:
                run.max_datestamp = max([*stamps, *filter(None, [run.max_datestamp])])
            self._flush_errors(run)
        self.statistics.grew(counts["new"])
        self.summary.pages += 1
        if self.seen is not None:
            self.seen.update(i.header.identifier for i in items)
        if self.bar is not None:
            if page.complete_list_size and self.bar.total is None:
                self.bar.total = page.complete_list_size
            self.bar.update(len(items))

    def _retry_failed(self, session, run: HarvestRun, failed: list[Item], counts) -> None:
        """Ask GetRecord again (a few times) for records that failed in a list page.

        Office export jobs sometimes put an error message or a cut record into one page and
        serve it whole the next time; a request per such record is cheap insurance. A record
        still broken after ``refetch_attempts`` requests is broken at the office: it stays
        failed (kept with its bytes and error).
        """
        policy = self.settings.policy
        synthetic = ("unidentified:", bounds.OVERLONG)  # no identifier the office knows
        wanted = [i for i in failed if not i.header.identifier.startswith(synthetic)]
        if len(wanted) > policy.refetch_failed or self.use_get_record:
            return
        for _ in range(policy.refetch_attempts):
            if not wanted:
                return
            self._note("refetched", f"{len(wanted)} failed records asked again with GetRecord")
            fetched = list(zip(self._get_records(wanted), wanted, strict=True))
            again = [new for new, old in fetched if new.raw is not None and new.raw != old.raw]
            same = [old for new, old in fetched if new.raw is None or new.raw == old.raw]
            more, still = ingest_items(session, self.target, run, again)
            counts["failed"] -= len(again)
            for outcome, n in more.items():
                counts[outcome] += n
            wanted = still + same
