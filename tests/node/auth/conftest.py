"""Login fixtures: the app with access control registered, the demo world, a login helper."""

from __future__ import annotations

from tests.access_support import app, login, token, world

__all__ = ["app", "login", "token", "world"]
