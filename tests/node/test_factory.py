"""The app factory: configuration layering and readable configuration errors."""

from __future__ import annotations

import pytest

from node import create_app
from store.config import SETTINGS, ConfigError


def test_testing_config(app):
    assert app.config["TESTING"]
    assert app.config["SECRET_KEY"] == "test-secret"


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("IPHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("IPHUB_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'iphub.sqlite'}"
    assert (tmp_path / "secret_key").is_file(), "a per-instance secret is created once"


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    monkeypatch.setenv("IPHUB_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("OAI_PAGE_SIZE = 7\nREPOSITORY_NAME = 'from file'\n")
    monkeypatch.setenv("IPHUB_OAI_PAGE_SIZE", "9")
    app = create_app()
    assert app.config["OAI_PAGE_SIZE"] == 9
    assert app.config["REPOSITORY_NAME"] == "from file"


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("IPHUB_DATABASE_URL", "not a url", "not a database URL"),
        ("IPHUB_DATABASE_URL", "mysql://x@y/z", "not supported"),
        ("IPHUB_OAI_PAGE_SIZE", "many", "expected a int"),
        ("IPHUB_OAI_AUTH_REQUIRED", "maybe", "expected true or false"),
        ("IPHUB_ST96_XSD_DIR", "/nonexistent/st96", "Common_V6_0.xsd missing"),
    ],
)
def test_wrong_setting_is_a_clear_error(tmp_path, monkeypatch, variable, value, words):
    monkeypatch.setenv("IPHUB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=words):
        create_app()


def test_cli_reports_config_error_without_traceback(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, IPHUB_INSTANCE_PATH=str(tmp_path), IPHUB_DATABASE_URL="nonsense")
    result = subprocess.run(
        [sys.executable, "-c", "from iphub.cli import main; main()", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "configuration error" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_setting_is_documented_in_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [s.key for s in SETTINGS if f"IPHUB_{s.key}" not in readme]
    assert not missing, f"README lacks {missing}"


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
