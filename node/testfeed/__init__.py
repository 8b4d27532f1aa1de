"""The test feed's pages and JSON API (issue 18 item 2); the running lives in
:mod:`harvester.testfeed`, the tables in :mod:`store.testfeed.models`.

* :mod:`node.testfeed.access` — who may see and start which office's test deliveries;
* :mod:`node.testfeed.views` — the portal's "Test feed" pages and the console's limits;
* :mod:`node.testfeed.api` — ``/api/v1/.../test-feed``;
* :mod:`iphub.testfeed_cli` — ``iphub test-feed``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the portal pages and the API."""
    from node.testfeed import api, views

    for blueprint in (views.bp, api.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
