"""Fixtures of the Celery path: a broker (``IPHUB_TEST_BROKER_URL``, RabbitMQ) with queues of
the test's own, and real ``iphub worker`` processes on the test's database."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BROKER_ENV
from tests.harvester.conftest import fast, instance  # noqa: F401  (fixtures)
from tests.harvester.reprocess.conftest import harvested, iphub_process, vocabularies  # noqa: F401


@pytest.fixture
def broker() -> Iterator[dict[str, str]]:
    """``IPHUB_BROKER_URL`` and a queue prefix of this test's own (deleted afterwards)."""
    url = os.environ.get(BROKER_ENV)
    if not url:
        pytest.skip(f"{BROKER_ENV} is not set (.ci/run sets it to the local RabbitMQ)")
    prefix = f"iphub-test-{uuid.uuid4().hex[:10]}"
    yield {"IPHUB_BROKER_URL": url, "IPHUB_BROKER_QUEUE": prefix}
    from kombu import Connection

    from tasks.app import QUEUES

    with Connection(url, connect_timeout=5) as connection:
        for kind in QUEUES:
            with contextlib.suppress(Exception):  # never declared
                connection.channel().queue_delete(f"{prefix}.{kind}")


class Workers:
    """``iphub worker`` processes (solo pool: the task runs in the process the test kills)."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.instance, self.env = folder, env
        self.processes: list[subprocess.Popen] = []

    def name(self, name: str) -> str:
        """The worker's Celery name: unique to the test (other tests share the broker)."""
        return f"{name}@{self.env['IPHUB_BROKER_QUEUE']}"

    def start(self, name: str) -> subprocess.Popen:
        process = iphub_process(self.instance, "worker", "--pool", "solo", "--loglevel", "WARNING",
                                "--name", self.name(name), env=self.env,
                                stdout=subprocess.DEVNULL)  # fmt: skip
        self.processes.append(process)
        return process

    def wait_ready(self, app, *names: str, timeout: float = 180) -> None:
        """Until every named worker answers a ping (starting takes seconds on a busy machine)."""
        wanted = {self.name(n) for n in names}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=2.0) or []
            if wanted <= {name for reply in replies for name in reply}:
                return
        raise AssertionError(f"workers {sorted(wanted)} did not answer within {timeout:.0f}s")

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(instance: Path, broker: dict[str, str]) -> Iterator[Workers]:  # noqa: F811
    pool = Workers(instance, broker)
    yield pool
    pool.stop()
