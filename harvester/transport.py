"""One office response, fetched within bounds the office cannot stretch.

A per-read timeout does not bound a request: a server dripping one byte a second never trips
it. A ``Content-Length`` does not bound a page either: a 1 MB gzip bomb unpacks to 1 GiB. So
the body is streamed here, never read whole by requests or urllib3:

* a **total deadline** per request (``HARVEST_REQUEST_DEADLINE``), checked between reads, and
  the run's own time budget when it ends sooner (:class:`~harvester.faults.OutOfTime`, so the
  run stops with its checkpoint kept);
* a **byte limit on the wire** (``HARVEST_MAX_WIRE_BYTES``) and one **after decompression**
  (``HARVEST_MAX_PAGE_BYTES``); gzip and deflate are inflated chunk by chunk with zlib's
  ``max_length``, so a bomb is stopped as soon as it passes the limit;
* **redirects** followed by hand, only within the endpoint's own site (same host and port, or
  ``http`` upgraded to ``https`` on the same host): never to ``file://``, never to another host
  such as the node itself.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from harvester.faults import (
    NetworkFault,
    OutOfTime,
    RefusedRedirect,
    TooLarge,
    TooSlow,
    UnsupportedEncoding,
    request_error,
)
from store.config import setting

MiB = 1024 * 1024
#: Bytes asked of the socket per read; a read returns as soon as any bytes arrived.
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Limits:
    """What one response may cost: seconds in all, bytes received, bytes once inflated."""

    deadline: float = setting("HARVEST_REQUEST_DEADLINE")
    max_wire_bytes: int = setting("HARVEST_MAX_WIRE_BYTES")
    max_page_bytes: int = setting("HARVEST_MAX_PAGE_BYTES")
    max_redirects: int = 5


@dataclass
class Fetched:
    """A completed response: what sickle's response and our faults read of it."""

    url: str
    status_code: int
    reason: str
    headers: CaseInsensitiveDict
    content: bytes
    encoding: str | None = None

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


class _Inflater:
    """Content-Encoding undone chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.strip().lower()
        self.limit, self.size = limit, 0
        self.raw_fallback = encoding == "deflate"  # servers send zlib or raw deflate alike
        if encoding in ("", "identity"):
            self.z = None
        elif encoding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise UnsupportedEncoding(f"the office used Content-Encoding {encoding!r}")

    def feed(self, chunk: bytes) -> bytes:
        room = self.limit - self.size
        data = chunk if self.z is None else self._inflate(chunk, room + 1)
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(f"the page inflates to more than {self.limit:,} bytes "
                           "(HARVEST_MAX_PAGE_BYTES)")  # fmt: skip
        return data

    def _inflate(self, chunk: bytes, most: int) -> bytes:
        try:
            return self.z.decompress(chunk, most)
        except zlib.error as error:
            if not self.raw_fallback or self.size:
                raise NetworkFault(f"the compressed page is corrupt: {error}") from None
            self.raw_fallback = False
            self.z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._inflate(chunk, most)


def same_site(origin: str, target: str) -> bool:
    """Whether a redirect from ``origin`` to ``target`` stays on the office's own site."""
    a, b = urlsplit(origin), urlsplit(target)
    if b.scheme not in ("http", "https") or not b.hostname:
        return False
    if a.hostname != b.hostname:
        return False
    if a.scheme == b.scheme:
        return a.port == b.port
    return a.scheme == "http" and b.scheme == "https"  # an upgrade, on the default port or not


class BoundedFetcher:
    """GET requests on one session, each within :class:`Limits` and the run's time budget."""

    def __init__(self, session: requests.Session, timeout: float, limits: Limits) -> None:
        self.session, self.timeout, self.limits = session, timeout, limits
        #: ``time.monotonic()`` at which the run's budget is spent (None: no budget).
        self.until: float | None = None

    def get(self, url: str, params: dict[str, str] | None = None) -> Fetched:
        """The final response of ``url`` (redirects followed within the site)."""
        deadline = time.monotonic() + self.limits.deadline
        for _ in range(self.limits.max_redirects + 1):
            response = self._send(url, params, deadline)
            with response:
                location = response.headers.get("Location")
                if response.status_code not in REDIRECTS or not location:
                    return self._complete(response, deadline)
            target = urljoin(response.url, location)
            if not same_site(url, target):
                raise RefusedRedirect(f"the office redirected to {target[:200]!r}, outside its "
                                      "own site; update the endpoint URL if it moved")  # fmt: skip
            url, params = target, None
        raise RefusedRedirect(f"more than {self.limits.max_redirects} redirects")

    def _remaining(self, deadline: float) -> float:
        """Seconds left for this request; OutOfTime when the run's budget is what ran out."""
        now = time.monotonic()
        if self.until is not None and self.until <= min(deadline, now):
            raise OutOfTime("time budget spent during a request; checkpoint kept")
        if now >= deadline:
            raise TooSlow(f"no complete answer within {self.limits.deadline:g}s "
                          "(HARVEST_REQUEST_DEADLINE)")  # fmt: skip
        left = deadline - now
        return left if self.until is None else min(left, max(self.until - now, 0.001))

    def _send(self, url: str, params, deadline: float) -> requests.Response:
        read = min(self.timeout, self._remaining(deadline))
        try:
            return self.session.get(url, params=params, stream=True, allow_redirects=False,
                                    timeout=(min(self.timeout, read), read))  # fmt: skip
        except requests.Timeout as error:
            self._remaining(deadline)  # the deadline or the budget, when it was that
            raise request_error(error) from None
        except requests.RequestException as error:
            raise request_error(error) from None

    def _complete(self, response: requests.Response, deadline: float) -> Fetched:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.limits.max_wire_bytes:
            raise TooLarge(f"the office announced {int(declared):,} bytes, more than "
                           f"{self.limits.max_wire_bytes:,} (HARVEST_MAX_WIRE_BYTES)")  # fmt: skip
        body = self._read(response, deadline)
        return Fetched(response.url, response.status_code, response.reason or "",
                       response.headers, body, response.encoding)  # fmt: skip

    def _read(self, response: requests.Response, deadline: float) -> bytes:
        inflater = _Inflater(response.headers.get("Content-Encoding", ""),
                             self.limits.max_page_bytes)  # fmt: skip
        parts, wire = [], 0
        while True:
            self._remaining(deadline)
            try:
                chunk = response.raw.read1(CHUNK, decode_content=False)
            except Exception as error:  # socket, urllib3 and http.client errors alike
                self._remaining(deadline)  # the deadline or the budget, when it was that
                raise NetworkFault(f"the answer broke off: {error.__class__.__name__}: "
                                   f"{error}") from None  # fmt: skip
            if not chunk:
                return b"".join(parts)
            wire += len(chunk)
            if wire > self.limits.max_wire_bytes:
                raise TooLarge(f"the answer passed {self.limits.max_wire_bytes:,} bytes "
                               "(HARVEST_MAX_WIRE_BYTES)")  # fmt: skip
            parts.append(inflater.feed(chunk))


def timed_body(response: requests.Response, seconds: float) -> Iterator[bytes]:
    """The decoded body of a streamed response, cut (:class:`TooSlow`) once it has taken
    ``seconds`` in all: for documents, whose size the store caps as they stream. urllib3's
    ``read1`` returns as soon as bytes arrive and inflates with a bounded output."""
    ends = time.monotonic() + seconds
    while True:
        if time.monotonic() > ends:
            raise TooSlow(f"the file did not arrive within {seconds:g}s "
                          "(HARVEST_REQUEST_DEADLINE)")  # fmt: skip
        try:
            chunk = response.raw.read1(CHUNK)
        except Exception as error:  # socket, urllib3 and http.client errors alike
            raise NetworkFault(f"the answer broke off: {error.__class__.__name__}: "
                               f"{error}") from None  # fmt: skip
        if not chunk:
            return
        yield chunk
