"""The iphub app: the node's Flask app with the harvester and the task engine plugged in.

``gunicorn wsgi:app``, ``iphub serve`` and the tests make the app here. The node alone
(:func:`node.create_app`) serves OAI-PMH, pages and APIs from the store; what it gains here is
named in :mod:`node.ports`: small uploads processed in the request and larger ones drained by a
background thread (:class:`harvester.upload_runs.BackgroundUploads`), counts at the offices for
monitoring (:func:`harvester.office_counts.count_due`), and the task engine's status for the
console (:func:`tasks.status.engine_status`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

import node
from harvester.office_counts import count_due
from harvester.settings import HarvestSettings
from harvester.testfeed import run as testfeed_run
from harvester.upload import UploadLimits
from harvester.upload_runs import BackgroundUploads
from node import ports
from node.storage import EXTENSION_KEY
from tasks.status import engine_status


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The node's app (:func:`node.create_app`, same configuration) with every port plugged."""
    app = node.create_app(test_config)
    plug(app)
    return app


def plug(app: Flask) -> Flask:
    """Give the node what it finds under :mod:`node.ports`."""
    app.extensions[ports.UPLOADS] = _Uploads(app)
    app.extensions[ports.OFFICE_COUNTER] = count_due
    app.extensions[ports.ENGINE_STATUS] = engine_status
    app.extensions[ports.TEST_FEED] = testfeed_run
    return app


class _Uploads:
    """The web process's :class:`BackgroundUploads`, made on first use from the app's
    configuration as it is then (tests and operators may change it after the app is made)."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._made: BackgroundUploads | None = None

    def _uploads(self) -> BackgroundUploads:
        if self._made is None:
            config = self._app.config
            self._made = BackgroundUploads(self._app.extensions[EXTENSION_KEY],
                                           HarvestSettings.from_config(config),
                                           UploadLimits.from_config(config))  # fmt: skip
        return self._made

    def process(self, run_id: int) -> object:
        return self._uploads().process(run_id)

    def kick(self) -> object:
        return self._uploads().kick()
