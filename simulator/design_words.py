"""Words of the simulated design records (data: ``data/designs.toml``): products with their
Locarno class in each language of the region, novelty statements, status words and IPAS design
events.

The status words are the ones declared in ``mappings/vocabularies/XX.designs.toml``; local
strings are best-effort translations chosen to look like published data, not a dictionary.
"""

from __future__ import annotations

from simulator.words import load

_DATA = load("designs")

#: Locarno class, English product, local products by language pool code.
PRODUCTS: tuple[tuple[str, str, dict[str, str]], ...] = _DATA["products"]
#: Novelty statement by language; ``{}`` is the product.
NOVELTY: dict[str, str] = _DATA["novelty"]
VIEWS: tuple[str, ...] = _DATA["views"]
#: Status key → the word each office exports (declared in its XX.designs.toml).
STATUS_WORDS: dict[str, dict[str, str]] = _DATA["status_words"]
UNKNOWN_STATUSES: tuple[str, ...] = _DATA["unknown_statuses"]
#: Event key → (DesignEventCode, OfficeSpecificDesignEventCode, English name).
EVENTS: dict[str, tuple[str, str, str]] = _DATA["events"]
SG_LEGAL: dict[str, str] = _DATA["sg_legal"]
