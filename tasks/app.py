"""The Celery app, configured from the node's settings.

Every task is acknowledged late (``acks_late``: the broker forgets a message only once the task
has ended), given back to the queue when its worker dies (``reject_on_worker_lost``), and a
worker process holds one message at a time (prefetch 1): a worker killed mid-task loses nothing
(the message goes to another worker) and duplicates nothing (the tasks are idempotent: a chunk
is marked done in the transaction that stores it, a harvest holds its endpoint's lease and
resumes from its checkpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

celery_app = Celery("iphub")

#: The node settings a task needs, captured when the app is configured (the worker's process,
#: inherited by its pool's processes).
_node: dict[str, Any] = {}

HARVEST = "harvest"
REPROCESS = "reprocess"
QUEUES = (HARVEST, REPROCESS)


def queue_name(config: Mapping[str, Any], kind: str) -> str:
    """``<BROKER_QUEUE>.<kind>``: harvests and chunks in queues of their own, so a harvest
    never waits behind a million chunks."""
    return f"{config.get('BROKER_QUEUE') or 'iphub'}.{kind}"


def configure(config: Mapping[str, Any]) -> Celery:
    """Point the Celery app at ``BROKER_URL`` with the delivery guarantees above."""
    if not config.get("BROKER_URL"):
        raise RuntimeError("BROKER_URL is not set: there is no broker to send tasks to")
    _node.clear()
    _node.update(config)
    celery_app.conf.update(
        broker_url=config["BROKER_URL"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_default_queue=queue_name(config, REPROCESS),
        task_routes={
            "iphub.harvest": {"queue": queue_name(config, HARVEST)},
            "iphub.reprocess_chunk": {"queue": queue_name(config, REPROCESS)},
        },
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    return celery_app


def node_config() -> Mapping[str, Any]:
    """The node settings the app was configured with (RuntimeError before :func:`configure`)."""
    if not _node:
        raise RuntimeError("the Celery app is not configured: start workers with `iphub worker`")
    return _node


@worker_process_init.connect
def _warm_up(**_kwargs) -> None:
    """Compile the ST.96 schemas in each pool process as it starts, not in its first task."""
    from mappings import pipeline  # noqa: F401  (mappers and vocabularies)
    from xsd.validator import schema_for

    for ip_type in ("trademarks", "patents", "designs"):
        schema_for(ip_type)
