"""Workers and queues as the console shows them: Celery's inspect replies and the broker's
queue lengths, or one sentence saying why they cannot be shown (no broker, broker away)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import make_url

from tasks.app import QUEUES, configure, queue_name

NO_BROKER = ("No broker is configured (IPHUB_BROKER_URL unset): harvests and reprocessing run "
             "in the process that starts them.")  # fmt: skip
#: Seconds the console waits for the broker and for workers' replies.
TIMEOUT = 1.5


@dataclass(frozen=True)
class Worker:
    name: str
    concurrency: int | None
    active: int
    processed: int


@dataclass(frozen=True)
class Queue:
    name: str
    messages: int | None
    consumers: int | None


@dataclass
class EngineStatus:
    """What the console's workers page shows; ``message`` set when something is missing."""

    configured: bool
    broker: str = ""
    reachable: bool = False
    workers: list[Worker] = field(default_factory=list)
    queues: list[Queue] = field(default_factory=list)
    message: str = ""


def safe_broker_url(url: str) -> str:
    """The broker URL without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: show only the scheme
        return url.split("://", 1)[0] + "://…"


def engine_status(config: Mapping[str, Any], timeout: float = TIMEOUT) -> EngineStatus:
    """Queue lengths and live workers; never raises for a broker that is down."""
    url = config.get("BROKER_URL")
    if not url:
        return EngineStatus(False, message=NO_BROKER)
    from kombu import Connection

    status = EngineStatus(True, safe_broker_url(url))
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
            status.reachable = True
            status.queues = [_queue(connection, queue_name(config, kind)) for kind in QUEUES]
            status.workers = _workers(config, connection, timeout)
    except Exception as error:  # kombu/amqp raise many kinds; all mean the same here
        status.message = (f"The broker at {status.broker} cannot be reached "
                          f"({error.__class__.__name__}: {error}).")  # fmt: skip
    return status


def _queue(connection, name: str) -> Queue:
    """A queue's length from a passive declare (a queue not declared yet holds nothing)."""
    channel = connection.channel()
    try:
        _, messages, consumers = channel.queue_declare(queue=name, passive=True)
        return Queue(name, messages, consumers)
    except Exception:  # the broker closes the channel of a passive declare of a missing queue
        return Queue(name, 0, 0)
    finally:
        with contextlib.suppress(Exception):  # already closed by the broker
            channel.close()


def _workers(config: Mapping[str, Any], connection, timeout: float) -> list[Worker]:

    inspect = configure(config).control.inspect(timeout=timeout, connection=connection)
    stats = inspect.stats() or {}
    active = inspect.active() or {}
    workers = []
    for name, info in sorted(stats.items()):
        pool = info.get("pool") or {}
        concurrency = pool.get("max-concurrency") if isinstance(pool, dict) else None
        processed = sum((info.get("total") or {}).values())
        workers.append(Worker(name, concurrency, len(active.get(name) or ()), processed))
    return workers
