"""Where the tests find the official schemas, and what they do without them.

The schemas are located as the node locates them (:mod:`xsd.locate`: the environment,
``instance/``, ``../shared/``); ``make test`` runs ``iphub xsd fetch --optional`` first. A test
needing a missing set is skipped with a reason naming that command, except when
``IPHUB_TEST_REQUIRE_SCHEMAS`` is set (``.ci/run`` sets it): then the run stops at start, so CI
can never skip them silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xsd import locate

REQUIRE_ENV = "IPHUB_TEST_REQUIRE_SCHEMAS"
ST96: Path | None = locate.st96_dir()
OAI: Path | None = locate.oai_dir()
_HOW = f"run `{locate.FETCH_COMMAND}` (make test runs it) or set"
ST96_MISSING = f"ST.96 V6_0 schemas not installed: {_HOW} {locate.ENV_VAR}"
OAI_MISSING = f"OAI-PMH schemas not installed: {_HOW} {locate.OAI_ENV_VAR}"

needs_st96 = pytest.mark.skipif(ST96 is None, reason=ST96_MISSING)
needs_oai = pytest.mark.skipif(OAI is None, reason=OAI_MISSING)


def missing() -> list[str]:
    """The sentences of the sets not installed."""
    return [why for found, why in ((ST96, ST96_MISSING), (OAI, OAI_MISSING)) if found is None]


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").lower() not in ("", "0", "false", "no")


def st96_dir() -> Path:
    """The ST.96 directory, or a skip naming the command that installs it."""
    if ST96 is None:
        pytest.skip(ST96_MISSING)
    return ST96


def oai_dir() -> Path:
    """The OAI-PMH schema directory, or a skip naming the command that installs it."""
    if OAI is None:
        pytest.skip(OAI_MISSING)
    return OAI
