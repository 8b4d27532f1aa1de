"""Word pools for simulated office records, one per language (data: ``data/vocab.toml``).

Real office exports mix the national script with English (the `[@languageCode=en]` variants),
so every pool holds (local, English/romanised) pairs. The local strings are best-effort
translations chosen to look like the data offices publish; they are test data, not a
dictionary. Goods and services terms are index-aligned with `EN_GOODS` so that the English
variant of a description is the translation of the local one; classes without local terms
fall back to English in the local field, as many IPAS databases do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.words import by_class, load

Pair = tuple[str, str]

_DATA = load("vocab")

EN_GOODS: dict[int, tuple[str, ...]] = by_class(_DATA["en_goods"])
"""English goods and services terms per Nice class (11th edition headings and common terms)."""
COMMON_CLASSES: tuple[int, ...] = _DATA["common_classes"]
"""The classes most filed in the region; drawn more often and translated in every pool."""
EVENTS: tuple[tuple[str, str, str], ...] = _DATA["events"]
"""(key, IPAS MarkEventCode word, English office description) for the events offices record."""
IPAS_STATUSES: tuple[str, ...] = _DATA["ipas_statuses"]
"""IPAS's standard status words (MarkCurrentStatusCode), in English."""
LOCAL_STATUSES: dict[str, dict[str, str]] = _DATA["local_statuses"]
"""The status words of the offices whose IPAS exports them in the office's language."""
IPAS_LANGUAGE_TAGS: dict[str, str] = _DATA["ipas_language_tags"]
"""ISO 639-1 → the tag IPAS writes as ApplicationLanguageCode (``la`` is Lao there)."""
EN_COLOURS: tuple[str, ...] = _DATA["en_colours"]
EN_DISCLAIMER: str = _DATA["en_disclaimer"]
FOREIGN_APPLICANTS: tuple[tuple[str, str, tuple[str, ...]], ...] = _DATA["foreign_applicants"]
"""Foreign applicants (English name, country, address lines): about a third of filings."""
FOREIGN_MARKS: tuple[str, ...] = _DATA["foreign_marks"]
PRIORITY_FORMATS: dict[str, str] = _DATA["priority_formats"]
"""Application number formats of the offices whose filings are claimed as priority."""
VIENNA_CODES: tuple[str, ...] = _DATA["vienna_codes"]
"""Vienna Classification (8th edition) codes as offices record figurative elements."""
FOREIGN_PEOPLE: tuple[tuple[str, str], ...] = _DATA["foreign_people"]
"""Foreign inventors and designers (name, country) for foreign applicants' filings."""


@dataclass(frozen=True, slots=True)
class Language:
    """Word pools for one language as used in one region's office records."""

    code: str
    given: tuple[Pair, ...]
    family: tuple[Pair, ...]
    honorifics: tuple[Pair, ...]
    family_first: bool
    company_stems: tuple[Pair, ...]
    company_forms: tuple[Pair, ...]
    agent_forms: tuple[Pair, ...]
    marks: tuple[Pair, ...]
    streets: tuple[str, ...]
    localities: tuple[str, ...]
    goods: dict[int, tuple[str, ...]]
    events: dict[str, str]
    colours: tuple[str, ...]
    disclaimer: str
    country: str
    legal_markers: tuple[str, ...] = field(default=())


def _language(name: str) -> Language:
    """One pool of ``[languages.NAME]``; English colours, disclaimer and event descriptions
    where the pool has none of its own."""
    pool: dict[str, Any] = dict(_DATA["languages"][name])
    pool["goods"] = by_class(pool.get("goods", {}))
    pool.setdefault("events", {key: text for key, _, text in EVENTS})
    pool.setdefault("colours", EN_COLOURS)
    pool.setdefault("disclaimer", EN_DISCLAIMER)
    return Language(**pool)


TH = _language("TH")
KM = _language("KM")
LO = _language("LO")
VI = _language("VI")
ID = _language("ID")
MS = _language("MS")
MY = _language("MY")
EN_PH = _language("EN_PH")
EN_SG = _language("EN_SG")
