"""Gating fixtures of the store's tests: the office harvested once and its endpoint."""

from __future__ import annotations

from tests.gating_support import endpoint, fast, harvested, office

__all__ = ["endpoint", "fast", "harvested", "office"]
