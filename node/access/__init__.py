"""Data ownership: grants, credentials, the OAI-PMH scope resolver, rate limits, audit log.

``init_app(app)`` installs the resolver the OAI-PMH provider calls on every request and sets
the session-cookie policy shared by the portal and the console.
"""

from __future__ import annotations

from flask import Flask

from node import auth, console, portal
from node.access import oauth, ratelimit
from node.access.scope import document_access, resolve_scope
from node.config import ConfigError

SCOPE_RESOLVER_KEY = "iphub.scope_resolver"

#: Defaults of this package's settings (set with ``setdefault``, so config files win).


def init_app(app: Flask) -> None:
    """Install the scope resolver (after ``node.oai.init_app`` so ours wins) and cookie policy."""
    try:
        ratelimit.parse(app.config.get("RATE_LIMIT"))
    except ratelimit.RateLimitSyntaxError as error:
        raise ConfigError(str(error)) from None
    app.extensions[SCOPE_RESOLVER_KEY] = resolve_scope
    app.extensions["iphub.document_access"] = document_access
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    forced = app.config["SESSION_COOKIE_SECURE_MODE"]
    secure = not (app.testing or app.debug) if forced is None else bool(forced)
    app.config["SESSION_COOKIE_SECURE"] = secure


def register(app: Flask) -> None:
    """Register the token endpoint, login, portal and console blueprints, then ``init_app``.

    Call after the OAI-PMH provider's ``init_app`` so that this package's resolver is the one
    installed. Blueprints already registered (by the app factory) are left alone.
    """
    for blueprint in (oauth.bp, auth.bp, portal.bp, console.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
    init_app(app)
