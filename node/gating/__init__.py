"""Delivery gating (issue 18, item 1): a run whose delivery breaches its set's thresholds is
held in quarantine instead of published, until it is released or rejected.

* :mod:`store.gating.models` — thresholds, deliveries, held versions;
* :mod:`store.gating.settings` — the coordinator's thresholds per office × IP type;
* :mod:`store.gating.hold` — what the ingest writes for a gated run;
* :mod:`store.gating.judge` — a delivery's figures against its thresholds, at the run's end;
* :mod:`store.gating.decide` — release (promote), reject (drop), auto-release, notify;
* :mod:`node.gating.views`, :mod:`node.gating.api`, :mod:`node.gating.cli`.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the portal and console gating pages and the JSON API."""
    from node.gating import api, views

    for blueprint in (views.bp, api.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
