"""The simulator's word lists, read once from ``simulator/data/*.toml``.

Arrays become tuples (the generators index, slice and compare them, and nothing may change a
shared list), tables stay dicts in file order, so a record drawn from the data is the record
drawn from the Python literals these files replaced: same seed, same bytes.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """``data/<name>.toml`` as frozen Python values (loaded on first use, then shared)."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return _frozen(tomllib.load(file))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def by_class(table: dict[str, Any]) -> dict[int, Any]:
    """A table keyed by Nice class number (TOML keys are strings)."""
    return {int(key): value for key, value in table.items()}
