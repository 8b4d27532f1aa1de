"""Per-office vocabularies for patents and designs, beside the trademark ones.

The core vocabulary (:mod:`mappings.vocabulary`) holds the ST.66 tables in
``vocabularies/XX.toml``. Patents and designs need their own words (design status codes, legal
status events, IPAS language codes such as ``kh`` for Khmer), kept in separate files so that each
data steward reviews one IP right at a time: ``vocabularies/default.<kind>.toml`` overlaid by
``vocabularies/XX.<kind>.toml`` where ``kind`` is ``patents`` or ``designs``. Keys are matched
with the core's :func:`~mappings.vocabulary.normalise_key`, so the same spelling rules apply.

Besides tables, a file may have a ``[settings]`` table of booleans (for example whether the
office's export is expected to say if an applicant is a natural person or a legal entity).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from mappings.vocabulary import VOCAB_DIR, normalise_key

__all__ = ["Supplement", "load_supplement"]

KINDS = ("patents", "designs")


@dataclass(frozen=True)
class Supplement:
    """The merged patent or design tables of one office."""

    office_code: str
    kind: str
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, bool] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def lookup(self, table: str, value: str) -> str | None:
        """The ST.96 value for ``value`` in ``table``; None when the word is unknown."""
        return self.tables.get(table, {}).get(normalise_key(value))

    def setting(self, name: str) -> bool:
        """A boolean setting (False when no file sets it)."""
        return self.settings.get(name, False)


@lru_cache(maxsize=64)
def load_supplement(office_code: str, kind: str) -> Supplement:
    """Load (once per process) the ``kind`` vocabulary of ``office_code`` over the default."""
    if kind not in KINDS:
        raise ValueError(f"unknown vocabulary kind {kind!r}; expected one of {KINDS}")
    code = (office_code or "").strip().upper()
    files = [VOCAB_DIR / f"default.{kind}.toml"]
    if code:
        files.append(VOCAB_DIR / f"{code}.{kind}.toml")
    tables: dict[str, dict[str, str]] = {}
    settings: dict[str, bool] = {}
    used = []
    for path in files:
        if not path.is_file():
            continue
        used.append(path.name)
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for name, table in data.items():
            if name == "settings":
                settings.update({k: bool(v) for k, v in table.items()})
            elif isinstance(table, dict):
                merged = tables.setdefault(name, {})
                merged.update({normalise_key(k): str(v) for k, v in table.items()})
    return Supplement(code, kind, tables, settings, tuple(used))
