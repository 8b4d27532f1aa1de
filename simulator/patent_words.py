"""Words of the simulated patent records (data: ``data/patents.toml``): inventions with their
IPC symbol and title in each language of the region, abstracts, and the legal status events
offices record.

Local strings are best-effort translations chosen to look like published data.
"""

from __future__ import annotations

from simulator.words import load

_DATA = load("patents")

#: (IPC symbol parts, English title, local titles by language).
INVENTIONS: tuple[tuple[tuple[str, str, str, str, str], str, dict[str, str]], ...] = _DATA[
    "inventions"
]
#: Abstract by language; ``{}`` is the invention's title.
ABSTRACT: dict[str, str] = _DATA["abstract"]
#: Legal status event key → (event code, English description).
EVENTS: dict[str, tuple[str, str]] = _DATA["events"]
PRIORITY_OFFICES: tuple[str, ...] = _DATA["priority_offices"]
