"""Without the schemas a test run skips what needs them, naming the command that installs them;
with ``IPHUB_TEST_REQUIRE_SCHEMAS`` (``.ci/run``) it stops instead, so CI never skips silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/xsd/test_validator.py"


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """This project's pytest on one schema-dependent module, with no schema set found."""
    empty = tmp_path / "no-schemas"
    empty.mkdir(exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "IPHUB_TEST_REQUIRE_SCHEMAS"}
    environment.update(IPHUB_ST96_XSD_DIR=str(empty), IPHUB_OAI_XSD_DIR=str(empty), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", TARGET, "-q", "-rs", "-p", "no:xdist",
         "-p", "no:cacheprovider"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_missing_schemas_skip_naming_the_command(tmp_path):
    result = _pytest(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "skipped" in result.stdout and "failed" not in result.stdout
    assert "run `iphub xsd fetch`" in result.stdout
    assert "schema-dependent tests skipped" in result.stdout  # the summary says so too


@pytest.mark.parametrize("value", ["1", "yes"])
def test_required_schemas_stop_the_run(tmp_path, value):
    result = _pytest(tmp_path, IPHUB_TEST_REQUIRE_SCHEMAS=value)
    assert result.returncode == 1
    assert "IPHUB_TEST_REQUIRE_SCHEMAS is set" in result.stdout + result.stderr
