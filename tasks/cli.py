"""``iphub worker``: a Celery worker on the node's settings, taking harvests and chunks."""

from __future__ import annotations

import socket

import click
from flask import current_app
from flask.cli import with_appcontext

import tasks.jobs  # noqa: F401  (registers the tasks)
from tasks.app import QUEUES, configure, queue_name


@click.command("worker", context_settings={"show_default": True})
@click.option("--concurrency", type=click.IntRange(0), help="Processes taking tasks, 0 = one per "
              "CPU [default: WORKER_CONCURRENCY].")  # fmt: skip
@click.option(
    "--queues",
    default=",".join(QUEUES),
    help="Which kinds of task this worker takes: harvest, reprocess or both.",
)
@click.option(
    "--pool",
    type=click.Choice(["prefork", "solo", "threads"]),
    default="prefork",
    help="Celery execution pool (solo: the tasks run in this process).",
)
@click.option("--name", help="Worker name [default: iphub@<host>:<pid>].")
@click.option("--loglevel", default="INFO")
@with_appcontext
def worker_command(concurrency, queues, pool, name, loglevel) -> None:  # fmt: skip
    """Take harvest jobs and reprocessing chunks from the broker (BROKER_URL), until stopped.

    Run as many as you like, on any machine that reaches the broker and the database."""
    import os

    config = current_app.config
    if not config.get("BROKER_URL"):
        raise click.ClickException("BROKER_URL is not set: set IPHUB_BROKER_URL to the broker "
                                   "(e.g. amqp://guest:guest@127.0.0.1:5672//)")  # fmt: skip
    kinds = [k.strip() for k in queues.split(",") if k.strip()]
    unknown = set(kinds) - set(QUEUES)
    if unknown or not kinds:
        raise click.BadParameter(f"queues are among {', '.join(QUEUES)}", param_hint="--queues")
    app = configure(config)

    concurrency = concurrency if concurrency is not None else config.get("WORKER_CONCURRENCY", 0)
    argv = [
        "worker",
        "--queues", ",".join(queue_name(config, k) for k in kinds),
        "--pool", pool,
        "--loglevel", loglevel,
        "--hostname", name or f"iphub@{socket.gethostname()}:{os.getpid()}",
        "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    if concurrency and pool != "solo":
        argv += ["--concurrency", str(concurrency)]
    app.worker_main(argv)
