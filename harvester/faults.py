"""What the harvester does when an office misbehaves: which faults are worth retrying, how long
to wait (exponential backoff with jitter, ``Retry-After`` honoured but capped), and when to
give up.

Offices' servers are often small and overloaded; retrying politely is what makes a 10 % fault
rate harmless, and giving up with a clear message is what makes a dead endpoint visible.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

import requests

from store.config import setting

T = TypeVar("T")


class HarvestFault(Exception):
    """A fault met while talking to an office; ``kind`` is the short name logged and stored."""

    kind = "fault"
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class HTTPFault(HarvestFault):
    """The office answered with an HTTP error status."""

    kind = "http"

    def __init__(self, status: int, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message, retry_after=retry_after)
        self.status = status
        self.retryable = status >= 500 or status in (408, 429)


class InvalidPage(HarvestFault):
    """The page is not well-formed XML (truncated, garbled, or refused as unsafe)."""

    kind = "invalid-xml"


class NotOAIResponse(HarvestFault):
    """The answer is XML or HTML but not an OAI-PMH response (a proxy error page, a login)."""

    kind = "not-oai"


class NotOAIEndpoint(NotOAIResponse):
    """Well-formed XML that is not OAI-PMH (another application answers at this URL):
    permanent. An HTML page stays a retried :class:`NotOAIResponse`: offices' portals put up
    maintenance and proxy-error pages for minutes at a time."""

    retryable = False


class NetworkFault(HarvestFault):
    """Timeout, refused or reset connection."""

    kind = "network"


class TooLarge(HarvestFault):
    """The response passed a byte limit; asking again would give the same bytes."""

    kind = "too-large"
    retryable = False


class TooSlow(NetworkFault):
    """The response did not complete within its total deadline (a slow or dripping server)."""

    kind = "deadline"


class RefusedRedirect(HarvestFault):
    """The office redirected outside its own site; following could reach anything."""

    kind = "redirect"
    retryable = False


class UnsupportedEncoding(HarvestFault):
    """The office compressed the answer in a way the harvester does not undo."""

    kind = "encoding"
    retryable = False


class BadURL(NetworkFault):
    """The endpoint's URL cannot be requested at all (no scheme, not http/https): permanent."""

    kind = "bad-url"
    retryable = False


class OAIProtocolError(HarvestFault):
    """The office answered with an OAI-PMH error the harvest cannot get past by asking again
    (cannotDisseminateFormat, badArgument, noSetHierarchy, …): permanent, never retried."""

    kind = "oai-error"
    retryable = False

    def __init__(self, code: str, text: str) -> None:
        super().__init__(_OAI_SENTENCES.get(code, "the office answered {code}: {text}").format(
            code=code, text=text or "no explanation given"))  # fmt: skip
        self.code = code


_OAI_SENTENCES = {
    "cannotDisseminateFormat": "the endpoint does not offer this metadata prefix "
    "(cannotDisseminateFormat: {text}); check the prefix with ListMetadataFormats",
    "noSetHierarchy": "the endpoint has no sets (noSetHierarchy): harvest it without --set",
    "badArgument": "the endpoint refused the request's arguments (badArgument: {text})",
    "badVerb": "the endpoint does not know this verb (badVerb: {text})",
}


def request_error(error: requests.RequestException) -> HarvestFault:
    """Our fault for a requests error, in one short sentence instead of urllib3's paragraph."""
    if isinstance(error, requests.exceptions.InvalidSchema | requests.exceptions.MissingSchema):
        return BadURL(f"{error.request.url if error.request else ''} is not an http(s) URL")
    if isinstance(error, requests.exceptions.InvalidURL):
        return BadURL(f"not a valid URL: {error}")
    host = urlsplit(error.request.url if error.request else "").netloc or "the office"
    if isinstance(error, requests.Timeout):
        return NetworkFault(f"{host} did not answer in time")
    if isinstance(error, requests.ConnectionError):
        return NetworkFault(f"cannot connect to {host} ({_root_cause(error)})")
    return NetworkFault(f"request to {host} failed ({error.__class__.__name__})")


_CAUSES = (
    ("refused", "connection refused"),
    ("name or service", "name not resolved"),
    ("nodename", "name not resolved"),
    ("resolution", "name not resolved"),
    ("reset", "connection reset"),
    ("timed out", "timed out"),
)


def _root_cause(error: BaseException) -> str:
    """The innermost reason in a few words, e.g. "connection refused"."""
    text = str(error).lower()
    return next((words for marker, words in _CAUSES if marker in text), "connection failed")


class TokenLoop(HarvestFault):
    """The office handed back a resumption token it had already given in this list: asking
    again would loop for the whole time budget, and resuming it next run would loop again."""

    kind = "token-loop"
    retryable = False


class Stop(Exception):
    """The run must stop now but can go on later (time budget spent, lease lost)."""


class OutOfTime(Stop):
    """The run's time budget ran out in the middle of a request or a page."""


def retry_after(response: requests.Response) -> float | None:
    """Seconds a 503/429 asks us to wait: ``Retry-After`` as delta-seconds or an HTTP-date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - datetime.now().timestamp())


@dataclass(frozen=True)
class RetryPolicy:
    """How many times and how long to wait; the defaults suit a real office, tests shrink them."""

    max_retries: int = setting("HARVEST_MAX_RETRIES")
    base_delay: float = setting("HARVEST_BACKOFF_BASE")
    max_delay: float = setting("HARVEST_BACKOFF_MAX")
    retry_after_cap: float = setting("HARVEST_RETRY_AFTER_CAP")
    #: Same badResumptionToken retried this often before the window is restarted.
    token_retries: int = 3
    #: Window restarts allowed per run before it fails (a token refused again and again).
    max_restarts: int = 3
    #: Failed records of a page asked again with GetRecord (flaky export jobs); above this
    #: many the page is taken as it is rather than doubling the requests.
    refetch_failed: int = 5
    #: How many times such a record is asked again.
    refetch_attempts: int = 3

    def delay(self, attempt: int, fault: HarvestFault | None = None) -> float:
        """Seconds to wait before retry ``attempt`` (1-based): Retry-After, else backoff."""
        if fault is not None and fault.retry_after is not None:
            return max(0.0, min(fault.retry_after, self.retry_after_cap))
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)  # "equal jitter": spread, never zero


def as_fault(error: Exception) -> HarvestFault | None:
    """Our fault for a transport-level exception, or None when it is not one we know."""
    if isinstance(error, HarvestFault):
        return error
    if isinstance(error, requests.RequestException):
        return request_error(error)
    return None


def with_retries(
    call: Callable[[], T],
    policy: RetryPolicy,
    on_fault: Callable[[HarvestFault, int, float | None], None],
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``call`` until it succeeds, retrying transient faults per ``policy``.

    ``on_fault(fault, attempt, delay)`` is told about every fault (``delay`` None when giving
    up) so the caller can log it and append it to the run. The last fault is re-raised.
    """
    attempt = 0
    while True:
        try:
            return call()
        except Exception as error:
            fault = as_fault(error)
            if fault is None:
                raise
            attempt += 1
            if not fault.retryable or attempt > policy.max_retries:
                on_fault(fault, attempt, None)
                raise fault from error
            delay = policy.delay(attempt, fault)
            on_fault(fault, attempt, delay)
            sleep(delay)
