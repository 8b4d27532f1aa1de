"""Mapping a page's records in worker processes (``HARVEST_WORKERS``).

:func:`mappings.pipeline.process_record` is pure CPU work (parse, map, XSD-validate, render)
and holds the GIL, so a harvest that maps in its own process uses one core however many the
machine has. :class:`RecordMapper` sends the records of a page to a
:class:`~concurrent.futures.ProcessPoolExecutor` and hands back, in the page's order, either
the :class:`~mappings.model.ProcessedRecord` or the :class:`~mappings.errors.SourceError` of
each record (as a value: a failed record is stored with its error, exactly as when mapping in
process).

* One pool per process, created on first use and kept for the life of the process (the
  scheduler runs many harvests): each worker compiles the ST.96 schema once, in its
  initializer, rather than once per harvest.
* Workers come from a ``forkserver`` (a clean process), not ``fork``: the harvester has
  threads (lease heartbeat, read-ahead) and open database connections that a forked child
  must not inherit.
* The forkserver and the workers end when the harvest process ends, even by ``kill -9``
  (:mod:`harvester.orphans`): nothing else would stop them.
* A worker that dies (killed, out of memory) breaks the pool: the page is mapped again in
  process, the break is logged, and the next page gets a new pool. No record is lost.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from harvester import orphans
from mappings.errors import SourceError
from mappings.model import ProcessedRecord

log = logging.getLogger("iphub.harvester")

Mapped = ProcessedRecord | SourceError
"""What mapping one record gives: the processed record, or why it could not be processed."""

#: Chunks per worker and page: small enough to balance uneven records, large enough that
#: pickling and queueing stay a small share of the work (a page of 100 on 2 workers: 4 × 25).
CHUNKS_PER_WORKER = 2
MIN_CHUNK = 8


def worker_count(setting: int) -> int:
    """``HARVEST_WORKERS``: 0 → one per CPU; 1 (or a single CPU) → map in the harvest process."""
    if setting < 0:
        raise ValueError(f"HARVEST_WORKERS must be 0 (one per CPU) or more, not {setting}")
    return setting or os.cpu_count() or 1


def map_records(prefix: str, office: str, raws: Sequence[bytes]) -> list[Mapped]:
    """Map records one after the other; a record's SourceError is its result, not a raise."""
    from mappings.pipeline import process_record  # late: loads vocabularies and schemas

    results: list[Mapped] = []
    for raw in raws:
        try:
            results.append(process_record(prefix, raw, office))
        except SourceError as error:
            results.append(error)
    return results


def _initialise_worker(ip_types: tuple[str, ...]) -> None:
    """Die with the forkserver; compile the schemas the harvest needs before the first
    record arrives."""
    orphans.guard()
    from mappings import pipeline  # noqa: F401  (vocabularies, mappers)
    from xsd.validator import schema_for

    for ip_type in ip_types:
        schema_for(ip_type)


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_key: int | None = None


def _executor(workers: int, ip_types: tuple[str, ...]) -> ProcessPoolExecutor:
    """The process's pool, (re)created when missing, broken or of another size.

    The pool outlives one endpoint: a process harvesting trademarks, then patents, keeps its
    workers, which compile the other schema once, on their first record of that type.
    """
    global _pool, _pool_key
    with _lock:
        key = workers
        if _pool is not None and (_pool_key != key or getattr(_pool, "_broken", False)):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            # once it starts; __main__ is the default preload (workers share its imports)
            context.set_forkserver_preload(["__main__", "harvester.forkserver_guard"])
            _pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_initialise_worker,
                initargs=(ip_types,),
            )
            _pool_key = key
        return _pool


def warm_up(workers: int, ip_types: Iterable[str] = ("trademarks",), timeout: float = 300) -> None:
    """Start the pool and wait until every worker has compiled its schemas (benchmarks)."""
    workers = worker_count(workers)
    if workers <= 1:
        return
    pool = _executor(workers, tuple(sorted(set(ip_types))))
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < workers and time.monotonic() < deadline:
        # a worker still compiling takes no task: ask until each one has answered
        futures = [pool.submit(_pid_after, 0.05) for _ in range(workers)]
        seen.update(f.result() for f in futures)


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def shutdown() -> None:
    """Stop the process's pool (tests, or a process that will not harvest again)."""
    global _pool, _pool_key
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
        _pool, _pool_key = None, None


def worker_pids() -> list[int]:
    """Process ids of the pool's live workers (the benchmark sums their memory)."""
    with _lock:
        if _pool is None:
            return []
        return [p.pid for p in (_pool._processes or {}).values() if p.is_alive()]


class PendingMap:
    """The records of one page on their way through the pool; :meth:`results` waits."""

    def __init__(self, mapper: RecordMapper, prefix, office, raws, futures) -> None:
        self.mapper, self.prefix, self.office = mapper, prefix, office
        self.raws: Sequence[bytes] = raws
        self.futures: list[Future] = futures

    def results(self) -> list[Mapped]:
        """One result per record, in order; mapped in process when the pool broke."""
        try:
            return [result for future in self.futures for result in future.result()]
        except BrokenProcessPool as broken:
            self.mapper.broken += 1
            log.warning("mapping worker died (%s); mapping this page's %d records in the "
                        "harvest process", broken, len(self.raws))  # fmt: skip
            for future in self.futures:
                future.cancel()
            return map_records(self.prefix, self.office, self.raws)


class RecordMapper:
    """Maps lists of records of one harvest: in a process pool, or in process."""

    #: After this many broken pools in one harvest, the rest is mapped in process.
    MAX_BREAKS = 3

    def __init__(self, workers: int, ip_types: Iterable[str] = ()) -> None:
        self.workers = worker_count(workers)
        self.ip_types = tuple(sorted(set(ip_types)))
        self.broken = 0

    @property
    def parallel(self) -> bool:
        return self.workers > 1 and self.broken < self.MAX_BREAKS

    def submit(self, prefix: str, office: str, raws: Sequence[bytes]) -> PendingMap:
        """Start mapping ``raws``; the pool works while the caller stores the previous page."""
        if not raws or not self.parallel:
            return _Done(map_records(prefix, office, raws)) if raws else _Done([])
        size = max(MIN_CHUNK, math.ceil(len(raws) / (self.workers * CHUNKS_PER_WORKER)))
        chunks = [raws[i : i + size] for i in range(0, len(raws), size)]
        try:
            pool = _executor(self.workers, self.ip_types)
            futures = [pool.submit(map_records, prefix, office, chunk) for chunk in chunks]
        except BrokenProcessPool as broken:  # broke between pages: start a new one next time
            self.broken += 1
            log.warning("mapping pool broken (%s); mapping %d records in the harvest process",
                        broken, len(raws))  # fmt: skip
            return _Done(map_records(prefix, office, raws))
        return PendingMap(self, prefix, office, raws, futures)

    def map(self, prefix: str, office: str, raws: Sequence[bytes]) -> list[Mapped]:
        return self.submit(prefix, office, raws).results()


class _Done(PendingMap):
    """Results already in hand (mapped in process)."""

    def __init__(self, results: list[Mapped]) -> None:
        self._results = results

    def results(self) -> list[Mapped]:
        return self._results
