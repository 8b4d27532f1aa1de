"""``/metrics``: the monitoring figures for Prometheus, names prefixed ``iphub_``.

Every figure labelled by ``office`` and ``ip_type`` is read from the database at scrape time
(:class:`DatabaseCollector` over :func:`node.monitoring.figures.collect`), so any replica
answers the same and nothing lives only in one process's memory.

Request latency is the one figure a database would pay for on every request, so it uses
prometheus-client's own mechanism: in a single process (``iphub serve``) an in-process
histogram; under gunicorn set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by the
workers (cleared at start) and every worker's observations are merged at scrape time.

Who may scrape: a coordinator (session or HTTP Basic), a caller presenting
``Authorization: Bearer <METRICS_TOKEN>``, or a caller from ``METRICS_ALLOWED`` (addresses or
networks, e.g. ``10.0.0.0/8,127.0.0.1``). Anyone else gets 401.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select

from node.access.viewer import from_credentials, from_session
from node.monitoring.figures import collect
from node.storage import get_db
from store.base import utcnow
from store.database import Database
from store.notify_models import Delivery

bp = Blueprint("metrics", __name__)

LABELS = ("office", "ip_type")
#: Observed by every request of the node (in-process, or per worker in multiprocess mode).
LATENCY = Histogram(
    "iphub_request_duration_seconds",
    "Node request latency by Flask endpoint.",
    ["endpoint"],
    registry=None,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
_LOCAL = CollectorRegistry(auto_describe=True)
_LOCAL.register(LATENCY)


class DatabaseCollector:
    """Gauges and counters of every office × IP type, from the database at each scrape."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Metric]:
        now = utcnow()
        with self.db.session() as session:
            sets = collect(session)
            deliveries = session.execute(
                select(Delivery.office_code, Delivery.state, func.count()).group_by(
                    Delivery.office_code, Delivery.state
                )
            ).all()
        yield from _set_metrics(sets, now)
        outbox = GaugeMetricFamily(
            "iphub_feedback_deliveries",
            "Pushed feedback deliveries by state.",
            labels=["office", "state"],
        )
        for office, state, count in deliveries:
            outbox.add_metric([office, state], count)
        yield outbox


def _gauge(name: str, doc: str, *extra: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, labels=[*LABELS, *extra])


def _set_metrics(sets, now) -> Iterator[Metric]:
    runs = CounterMetricFamily(
        "iphub_harvest_runs", "Harvest and upload runs by kind and outcome.",
        labels=[*LABELS, "kind", "outcome"],
    )  # fmt: skip
    held = _gauge("iphub_records_held", "Published records held (not deleted).")
    at_office = _gauge("iphub_records_at_office", "Records the office lists.")
    ratio = _gauge("iphub_completeness_ratio", "Records held / records at the office.")
    fresh = _gauge("iphub_freshness_seconds", "Seconds since the last new or changed record.")
    harvested = _gauge(
        "iphub_last_successful_harvest_timestamp_seconds", "Unix time of the last good run."
    )
    findings = _gauge("iphub_findings_open", "Open quality findings by severity.", "severity")
    alerts = _gauge("iphub_alerts_open", "Open monitoring alerts by kind.", "kind")
    for s in sets:
        labels = [s.office, s.ip_type]
        for (kind, outcome), count in sorted(s.runs.items()):
            runs.add_metric([*labels, kind, outcome], count)
        held.add_metric(labels, s.held)
        if s.at_office is not None:
            at_office.add_metric(labels, s.at_office)
        if s.completeness is not None:
            ratio.add_metric(labels, s.completeness)
        if s.freshness(now) is not None:
            fresh.add_metric(labels, s.freshness(now))
        if s.last_harvest is not None:
            harvested.add_metric(labels, _unix(s.last_harvest))
        for severity, count in sorted(s.open_findings.items()):
            findings.add_metric([*labels, severity], count)
        for kind in ("quiet", "count-gap", "failing"):
            alerts.add_metric([*labels, kind], sum(a.kind == kind for a in s.open_alerts))
    yield from (runs, held, at_office, ratio, fresh, harvested, findings, alerts)


def _unix(moment) -> float:
    return (moment - moment.__class__(1970, 1, 1)).total_seconds()


def registry(db: Database) -> CollectorRegistry:
    """What one scrape exposes: the database figures and the request latencies."""
    found = CollectorRegistry(auto_describe=False)
    found.register(DatabaseCollector(db))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(found)
    else:
        found.register(_LocalLatency())
    return found


class _LocalLatency:
    """The in-process latency histogram, re-exposed in each scrape's registry."""

    def collect(self) -> Iterator[Metric]:
        yield from _LOCAL.collect()


def _allowed() -> bool:
    config = current_app.config
    token = config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), str(token).encode())
    if _from_allowed_network(config.get("METRICS_ALLOWED") or ""):
        return True

    viewer, _ = from_credentials()
    viewer = viewer or from_session()
    return viewer is not None and viewer.is_coordinator


def _from_allowed_network(allowed: str) -> bool:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    for entry in filter(None, (part.strip() for part in allowed.split(","))):
        if address in ipaddress.ip_network(entry, strict=False):
            return True
    return False


@bp.get("/metrics")
def metrics() -> Response:
    """The Prometheus text exposition, for coordinators, the token or allowed addresses."""
    if not _allowed():
        return Response(
            "Metrics need a coordinator login, the metrics bearer token or an allowed address.\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="iphub-metrics"'},
        )
    return Response(generate_latest(registry(get_db())), mimetype=CONTENT_TYPE_LATEST)


def _start_timer() -> None:
    g.iphub_started = time.perf_counter()


def _observe(response: Response) -> Response:
    started = g.pop("iphub_started", None)
    if started is not None:
        LATENCY.labels(request.endpoint or "unknown").observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    """Register ``/metrics`` and time every request."""
    if bp.name not in app.blueprints:
        app.register_blueprint(bp)
    app.before_request(_start_timer)
    app.after_request(_observe)
