"""Where a test delivery's records come from: an uploaded file or a test endpoint.

Both reuse what real feeding uses, so a test tells the truth about a real delivery: the file is
read by :func:`harvester.upload.records_in_upload` (zip and member limits, hostile XML refused
per file), the endpoint is walked by :class:`harvester.client.OAIClient` (bounded responses,
DOCTYPEs refused, redirects kept on the endpoint's site) with the harvester's retry policy,
shortened: office staff are waiting for the answer.

The URL is an office's to choose, so the hub's rule for office-given URLs applies: link-local
and metadata addresses never, loopback and private ones only with ``NOTIFY_ALLOW_PRIVATE``
(:func:`store.urls.check_url`, as for webhooks).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

from sickle import oaiexceptions

from harvester import probe
from harvester.bounds import TokenTrail
from harvester.client import Item, OAIClient, Page
from harvester.faults import TokenLoop, with_retries
from harvester.settings import HarvestSettings
from harvester.upload import UploadLimits, records_in_upload
from store.testfeed import Refused
from store.urls import UrlRefused
from store.urls import check_url as check_address

#: Retries of one test-endpoint request: enough for a hiccup, short for a person waiting.
TEST_RETRIES = 2


def check_endpoint_url(url: str, *, allow_private: bool) -> str:
    """``url`` stripped when the hub may walk it; :class:`Refused` with the reason otherwise."""
    url = (url or "").strip()
    why = probe.check_url(url)
    if why:
        raise Refused(why)
    try:
        return check_address(url, allow_private=allow_private)
    except UrlRefused as refused:
        raise Refused(f"the hub may not fetch {url}: {refused}") from None


def upload_items(filename: str, data: bytes, limits: UploadLimits) -> Iterator[Item]:
    """The records of a test file, as for a push upload (failed items for refused parts)."""
    return records_in_upload(filename, data, limits)


def endpoint_items(
    url: str, prefix: str, settings: HarvestSettings, *, seconds: float, set_spec: str = ""
) -> Iterator[Item]:
    """The records a test endpoint lists for ``prefix``, page after page, until the list ends
    or the caller stops reading. Raises the client's faults (:class:`HarvestFault`, and
    :class:`~harvester.faults.OutOfTime` after ``seconds``); no record is an empty walk."""
    client = OAIClient(url, timeout=settings.timeout, limits=settings.limits)
    client.until = time.monotonic() + seconds
    policy = replace(settings.policy, max_retries=min(settings.policy.max_retries, TEST_RETRIES))
    trail, token = TokenTrail(), None
    params = {"metadataPrefix": prefix, **({"set": set_spec} if set_spec else {})}
    try:
        while True:
            asked = token
            try:
                page: Page = with_retries(
                    lambda asked=asked: client.page("ListRecords", token=asked, **params),
                    policy, lambda *_: None,
                )  # fmt: skip
            except oaiexceptions.NoRecordsMatch:
                return
            yield from page.items
            loop = trail.repeats(asked, page.token)
            if loop:
                raise TokenLoop(loop)
            if page.token is None:
                return
            token = page.token
    finally:
        client.close()
