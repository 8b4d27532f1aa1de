"""The records of one IP type at one simulated office: a generated base plus overrides.

Record *i*'s datestamp is computed, not stored: base datestamps rise with the index and are
spread between `BASE_START` and `BASE_END`, so list order by (datestamp, index) is index order
and a datestamp range maps to an index range by bisection. Only records changed at the office
(`update`, `delete`, `add`) are held in memory, so 100,000 records cost nothing until touched.
"""

from __future__ import annotations

import bisect
import calendar
import heapq
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.generators import Generator
from simulator.seeding import mix, unit

BASE_START = calendar.timegm((2016, 1, 1, 0, 0, 0))
"""Earliest datestamp of generated records (announced as earliestDatestamp)."""
BASE_END = calendar.timegm((2024, 12, 31, 0, 0, 0))
"""Generated datestamps stay before this fixed moment, so they never depend on the clock."""
DELETED_RATE = 0.01
"""Share of generated records that the office has deleted (served as deleted headers)."""

Key = tuple[int, int]
"""(datestamp in Unix seconds, record index): the order of list responses."""


@dataclass(slots=True)
class Override:
    """A record changed at the office after generation."""

    datestamp: int
    deleted: bool = False
    changes: dict[str, Any] = field(default_factory=dict)


class RecordStore:
    """One IP type's records; thread-safe for one writer and many readers."""

    def __init__(self, office_code: str, generator: Generator, count: int, seed: int) -> None:
        if count < 0:
            raise ValueError("record count must be >= 0")
        self.office_code = office_code
        self.generator = generator
        self.seed = seed
        self.base_count = count
        self.size = count
        self._overrides: dict[int, Override] = {}
        self._state: tuple[dict[int, Override], list[Key]] = ({}, [])
        """The overrides and their sorted keys, swapped as one so readers never see a mix."""
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------

    def base_datestamp(self, index: int) -> int:
        span = BASE_END - BASE_START
        jitter = mix(self.seed, self.office_code, self.generator.ip_type, "ds", index) % span
        return BASE_START + (index * span + jitter) // max(self.base_count, 1)

    def datestamp(self, index: int) -> int:
        override = self._overrides.get(index)
        return override.datestamp if override else self.base_datestamp(index)

    def deleted(self, index: int) -> bool:
        override = self._overrides.get(index)
        if override:
            return override.deleted
        unit_value = unit(self.seed, self.office_code, self.generator.ip_type, "del", index)
        return unit_value < DELETED_RATE

    def changes(self, index: int) -> Mapping[str, Any] | None:
        override = self._overrides.get(index)
        return override.changes if override and override.changes else None

    def exists(self, index: int) -> bool:
        return 0 <= index < self.size

    def payload(self, index: int) -> bytes:
        return self.generator.record(self.office_code, self.seed, index, self.changes(index))

    def dublin_core(self, index: int) -> bytes:
        return self.generator.dublin_core(self.office_code, self.seed, index, self.changes(index))

    def source_id(self, index: int) -> str:
        return self.generator.source_id(self.office_code, self.seed, index)

    def index_of(self, source_id: str) -> int | None:
        index = self.generator.index_of(self.office_code, self.seed, source_id)
        return index if index is not None and self.exists(index) else None

    def _base_range(self, start: int, end: int) -> tuple[int, int]:
        """Base indices with start <= datestamp <= end."""
        n = self.base_count
        lo = bisect.bisect_left(range(n), start, key=self.base_datestamp)
        hi = bisect.bisect_right(range(n), end, key=self.base_datestamp)
        return lo, hi

    def keys(self, start: int, end: int, after: Key | None = None) -> Iterator[Key]:
        """(datestamp, index) of records with start <= datestamp <= end, after `after`."""
        lo, hi = self._base_range(start, end)
        if after is not None:
            first_after = bisect.bisect_right(
                range(self.base_count), after, key=lambda i: (self.base_datestamp(i), i)
            )
            lo = max(lo, first_after)
        overrides, ordered = self._state
        changed = [k for k in ordered if start <= k[0] <= end and (after is None or k > after)]
        base = ((self.base_datestamp(i), i) for i in range(lo, hi) if i not in overrides)
        return heapq.merge(base, changed)

    def count(self, start: int, end: int) -> int:
        lo, hi = self._base_range(start, end)
        overrides, ordered = self._state
        moved = sum(1 for i in overrides if lo <= i < hi)
        changed = sum(1 for ds, _ in ordered if start <= ds <= end)
        return hi - lo - moved + changed

    # -- changing at the office -----------------------------------------------------------

    def _put(self, index: int, override: Override) -> None:
        with self._lock:
            overrides = dict(self._overrides)
            overrides[index] = override
            self._overrides = overrides
            self._state = (overrides, sorted((o.datestamp, i) for i, o in overrides.items()))

    def update(self, index: int, changes: Mapping[str, Any], now: int) -> None:
        self.generator.check_changes(changes)
        previous = self._overrides.get(index)
        merged = {**(previous.changes if previous else {}), **changes}
        self._put(index, Override(now, deleted=False, changes=merged))

    def delete(self, index: int, now: int) -> None:
        previous = self._overrides.get(index)
        self._put(index, Override(now, deleted=True, changes=previous.changes if previous else {}))

    def add(self, n: int, now: int) -> list[int]:
        added = list(range(self.size, self.size + n))
        for index in added:
            self._put(index, Override(now))
            self.size = index + 1
        return added
