"""The ASEAN offices' codes and names, read from ``offices.toml`` beside this module.

One list, so the demo, the seeded store and the test world never name an office differently.
An office outside the list is shown by its code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("offices.toml")


@cache
def names() -> dict[str, str]:
    """ST.3 code → office name, in code order."""
    with DATA.open("rb") as handle:
        table = tomllib.load(handle)
    return {code: table[code]["name"] for code in sorted(table)}


def name_of(code: str) -> str:
    """The office's name, or ``"<code> IP office"`` for a code the list does not hold."""
    return names().get(code, f"{code} IP office")
