"""Data ownership: grants, credentials, the OAI-PMH view resolver, rate limits, audit log.

``init_app(app)`` installs the resolver the OAI-PMH provider calls on every request and sets
the session-cookie policy shared by the portal and the console.
"""

from __future__ import annotations

from flask import Flask

from node import auth, console, portal
from node.access import oauth, ratelimit
from node.access.resolver import document_access, resolve_oai_view
from node.extensions import DOCUMENT_ACCESS, OAI_VIEW_RESOLVER
from store.config import ConfigError


def init_app(app: Flask) -> None:
    """Install the view resolver (over the provider's open default) and the cookie policy."""
    try:
        ratelimit.parse(app.config.get("RATE_LIMIT"))
    except ratelimit.RateLimitSyntaxError as error:
        raise ConfigError(str(error)) from None
    app.extensions[OAI_VIEW_RESOLVER] = resolve_oai_view
    app.extensions[DOCUMENT_ACCESS] = document_access
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    forced = app.config["SESSION_COOKIE_SECURE_MODE"]
    secure = not (app.testing or app.debug) if forced is None else bool(forced)
    app.config["SESSION_COOKIE_SECURE"] = secure


def register(app: Flask) -> None:
    """Register the token endpoint, login, portal and console blueprints, then ``init_app``.

    This package's resolver replaces the provider's open default whether the provider was set
    up before or after (the provider only installs its default where none is set). Blueprints
    already registered (by the app factory) are left alone.
    """
    for blueprint in (oauth.bp, auth.bp, portal.bp, console.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
    init_app(app)
