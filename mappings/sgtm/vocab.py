"""The IPOS export's own words → ST.96 (``vocabularies/SG.sgtm.toml``).

Kept apart from ``SG.toml`` (the ST.66 tables): this file belongs to the sg-tm format, whatever
office code the record was harvested under. Lookups use the core's
:func:`~mappings.vocabulary.normalise_key`, so the same spelling rules apply.
"""

from __future__ import annotations

import tomllib
from functools import cache

from mappings.vocabulary import VOCAB_DIR, normalise_key

FILE = VOCAB_DIR / "SG.sgtm.toml"
TABLES = (
    "application_type",
    "mark_status",
    "class_status",
    "image_format",
    "constitution",
    "agent_type",
    "mark_feature",
    "flag",
    "country",
    "afs_type",
)


@cache
def tables() -> dict[str, dict[str, str]]:
    """The tables of ``SG.sgtm.toml`` with normalised keys (read once per process)."""
    with FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return {
        name: {normalise_key(k): str(v) for k, v in data.get(name, {}).items()} for name in TABLES
    }


def lookup(table: str, value: str) -> str | None:
    """The ST.96 value of ``value`` in ``table``; None when the word is unknown."""
    return tables()[table].get(normalise_key(value))
