"""The iphub node: a Flask app serving ST.96 records over OAI-PMH, with portal and APIs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from node import (
    access,
    documents,
    gating,
    home,
    monitoring,
    oai,
    params,
    quality,
    runs_api,
    storage,
    testfeed,
    web,
)
from store import config as settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The only way an iphub app comes to life (Flask tutorial pattern).

    Defaults, then ``instance/config.py`` (silent when absent), then ``IPHUB_*`` variables, then
    ``test_config``. Raises :class:`store.config.ConfigError` with an actionable message.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("IPHUB_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings.defaults(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(settings.from_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key(app.instance_path)
    if app.config.get("ST96_XSD_DIR"):
        os.environ.setdefault("IPHUB_ST96_XSD_DIR", str(app.config["ST96_XSD_DIR"]))
    settings.check(app.config)

    storage.init_app(app)
    params.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:

    app.register_blueprint(home.bp)
    app.register_blueprint(runs_api.bp)
    app.register_blueprint(oai.bp)
    oai.init_app(app)
    access.register(app)  # its view resolver replaces the provider's open default
    documents.init_app(app)
    quality.init_app(app)
    web.init_app(app)  # error pages, confirmations, page headers
    monitoring.init_app(app)
    testfeed.init_app(app)
    gating.init_app(app)
