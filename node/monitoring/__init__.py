"""Freshness and completeness monitoring (issue 18): figures per office × IP type, alerts,
``/metrics``, the status page for third parties; pushed feedback lives in :mod:`node.notify`.

* :mod:`node.monitoring.figures` — the figures, from the database;
* :mod:`harvester.office_counts` — records at the office (completeListSize, ListIdentifiers);
* :mod:`node.monitoring.years` — records by application year, gaps;
* :mod:`node.monitoring.alerts` — thresholds and alerts;
* :mod:`store.run_end` — the end-of-run hook of the runner and the upload;
* :mod:`node.monitoring.jobs` — the scheduler's and the CLI's periodic work;
* :mod:`node.monitoring.metrics`, :mod:`node.monitoring.views`, :mod:`node.monitoring.cli`.
"""

from __future__ import annotations

from flask import Flask

from node.monitoring import metrics, views
from node.notify import views as notify_views


def init_app(app: Flask) -> None:
    """Register ``/metrics``, the monitoring pages and the feedback subscription pages."""
    metrics.init_app(app)
    for blueprint in (views.bp, notify_views.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
