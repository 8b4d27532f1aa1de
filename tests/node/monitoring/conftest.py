"""Monitoring fixtures: a simulated office on a local port, its endpoint in the store, fast
harvest settings, and a webhook receiver that records (and checks) every post."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.wrappers import Request, Response

from harvester.faults import RetryPolicy
from harvester.settings import HarvestSettings
from node.notify import signing
from simulator.server import SimulatedOffice
from simulator.serving import running
from tests.harvester.conftest import add_endpoint
from tests.serving import serve


@pytest.fixture
def fast() -> HarvestSettings:
    policy = RetryPolicy(max_retries=1, base_delay=0.001, max_delay=0.01, retry_after_cap=0.05)
    return HarvestSettings(timeout=10, policy=policy, lease_ttl=30, workers=1)


@pytest.fixture
def office() -> SimulatedOffice:
    """KH's trademarks: 24 records over pages of 10 (so lists carry completeListSize)."""
    return SimulatedOffice("KH", records=24, seed=5, ip_types=("trademarks",), page_size=10)


@pytest.fixture
def office_url(office) -> Iterator[str]:
    with running(office) as url:
        yield url


@pytest.fixture
def endpoint(db, office_url) -> int:
    return add_endpoint(db, office_url, "KH", "st66")


@dataclass
class Receiver:
    """A webhook receiver: answers ``statuses`` in turn (then 200) and keeps every post."""

    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        request = Request(environ)
        body = request.get_data()
        with self.lock:
            status = self.statuses.pop(0) if self.statuses else 200
            self.posts.append({
                "body": body,
                "json": json.loads(body),
                "headers": dict(request.headers),
                "verified": signing.verify(
                    self.secret, body, request.headers.get(signing.TIMESTAMP),
                    request.headers.get(signing.SIGNATURE),
                ),
                "status": status,
            })  # fmt: skip
        return Response("ok", status=status)(environ, start_response)


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    hook = Receiver()
    with serve(hook, "/hook") as url:
        yield hook, url
