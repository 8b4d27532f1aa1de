"""Fault injection: the ways real office endpoints fail, at a chosen rate, reproducibly.

Each kind is injected in `rate` of the requests it applies to (so all kinds together hit
about ``len(KINDS) * rate`` of requests; `rate` may be at most ``1 / len(KINDS)``):

``slow``
    The answer comes only after `delay` seconds (set it above the harvester's timeout);
    then the normal response is sent, so a patient client still gets its data.
``reset``
    The connection is closed without any response: the socket gets ``SO_LINGER`` 0 and is
    shut down, so the client sees a reset or "remote end closed connection without response".
``http_error``
    HTTP 500 (application crash page) or 502 (proxy "Bad Gateway" page), alternately.
``unavailable``
    HTTP 503 with ``Retry-After: <retry_after>`` (a small number of seconds).
``expired_token``
    A valid resumptionToken is answered with an OAI ``badResumptionToken`` error, as servers
    with expiring tokens do. Only requests carrying a resumptionToken.
``truncated``
    HTTP 200 with the OAI-PMH body cut off part-way: the XML is not well-formed.
``html``
    HTTP 200 with an HTML page (a portal maintenance notice) instead of OAI-PMH XML.
``bad_record``
    An otherwise good ListRecords/GetRecord page in which one record's metadata is broken:
    an element that is not ST.66 (a database error message), an ST.66 Transaction without a
    TradeMark, or the record as escaped text instead of XML. Only ListRecords and GetRecord.

Faults never make data unreachable. The decision is keyed on (seed, request, attempt): the
same request asked again is a new attempt with a fresh decision, and after
`max_consecutive` faulty attempts of one request the next attempt is always clean. The
sequence of decisions, and so a whole test run, is the same on every run.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from simulator.seeding import mix, unit

KINDS: tuple[str, ...] = (
    "slow",
    "reset",
    "http_error",
    "unavailable",
    "expired_token",
    "truncated",
    "html",
    "bad_record",
)

_TRACKED_REQUESTS = 50_000
"""Attempt counters kept (least recently used dropped), so memory stays flat."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One decided fault: `variant` picks among a kind's forms (e.g. 500 or 502)."""

    kind: str
    variant: int


class FaultInjector:
    """Decides, per request attempt, whether and how to fail."""

    def __init__(
        self,
        rate: float,
        *,
        seed: int = 0,
        kinds: tuple[str, ...] = KINDS,
        delay: float = 1.0,
        retry_after: int = 1,
        max_consecutive: int = 3,
    ) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
        if not 0.0 <= rate <= 1.0 / len(KINDS):
            raise ValueError(f"fault rate must be between 0 and {1 / len(KINDS):.3f}")
        self.rate = rate
        self.seed = seed
        self.kinds = tuple(k for k in KINDS if k in kinds)
        self.delay = delay
        self.retry_after = retry_after
        self.max_consecutive = max_consecutive
        self.injected: Counter[str] = Counter()
        self.applicable: Counter[str] = Counter()
        self.requests = 0
        self._attempts: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def request_key(args: Mapping[str, list[str]]) -> str:
        """The request's identity: its arguments in a canonical order."""
        return "&".join(f"{k}={v}" for k in sorted(args) for v in args[k])

    def decide(self, args: Mapping[str, list[str]]) -> Fault | None:
        """The fault for this attempt of this request, or None for a clean answer."""
        verb = (args.get("verb") or [""])[0]
        applicable = {k for k in self.kinds if _applies(k, verb, args)}
        key = self.request_key(args)
        with self._lock:
            self.requests += 1
            self.applicable.update(applicable)
            attempt, consecutive = self._attempts.pop(key, (0, 0))
            fault = None
            if consecutive < self.max_consecutive and self.rate > 0:
                u = unit(self.seed, "fault", key, attempt)
                slot = int(u / self.rate)
                if slot < len(KINDS) and KINDS[slot] in applicable:
                    fault = Fault(KINDS[slot], mix(self.seed, "variant", key, attempt) % 3)
            self._attempts[key] = (attempt + 1, consecutive + 1 if fault else 0)
            if len(self._attempts) > _TRACKED_REQUESTS:
                self._attempts.popitem(last=False)
            if fault:
                self.injected[fault.kind] += 1
        return fault

    def stats(self) -> dict[str, object]:
        """Requests seen, and per kind: requests it applied to and times it was injected."""
        with self._lock:
            return {
                "requests": self.requests,
                "applicable": dict(self.applicable),
                "injected": dict(self.injected),
            }


def _applies(kind: str, verb: str, args: Mapping[str, list[str]]) -> bool:
    if kind == "expired_token":
        return "resumptionToken" in args
    if kind == "bad_record":
        return verb in ("ListRecords", "GetRecord")
    return True
