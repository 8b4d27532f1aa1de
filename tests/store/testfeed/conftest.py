"""Test-feed fixtures of the store's tests: offices and the app config the test feed reads."""

from __future__ import annotations

from tests.testfeed_support import config, offices

__all__ = ["config", "offices"]
