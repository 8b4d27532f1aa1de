"""Fixtures of the composition root's command tests: the harvester's fake office and endpoint,
and the simulated office harvested once that ``iphub reprocess`` works on (both from the
harvester's tests, where they are defined)."""

from __future__ import annotations

from tests.harvester.conftest import endpoint, fast, office, office_url
from tests.harvester.reprocess.conftest import harvested, vocabularies

__all__ = ["endpoint", "fast", "harvested", "office", "office_url", "vocabularies"]
