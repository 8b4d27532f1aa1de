"""The simulator's word lists are data files: frozen when read, and installed with the package."""

from __future__ import annotations

import configparser
from fnmatch import fnmatch
from pathlib import Path

import pytest

from simulator import words

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(words.DATA.glob("*.toml"))


def _lists(value) -> list:
    if isinstance(value, list):
        return [value]
    if isinstance(value, tuple):
        return [found for item in value for found in _lists(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _lists(item)]
    return []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_read_once_and_frozen(path):
    data = words.load(path.stem)
    assert data and words.load(path.stem) is data
    assert _lists(data) == []  # arrays become tuples: nothing shared can be changed


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_installed_with_the_package(path):
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in config["options.package_data"]["simulator"].split(",")]
    relative = path.relative_to(ROOT / "simulator").as_posix()
    assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_every_file_is_read_by_the_simulator():
    sources = "".join(p.read_text() for p in (ROOT / "simulator").rglob("*.py"))
    assert [p.stem for p in FILES if f'load("{p.stem}")' not in sources] == []
