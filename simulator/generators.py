"""The registry of record generators, one per IP type.

A generator turns (office, seed, index) into the bytes of one source record in the format
the office exports for that IP type. The OAI-PMH endpoint knows nothing about formats: it asks
the generator for the metadata prefix, namespace and schema it announces and for the bytes it
serves. Patents (ST.36, ``st36``) and designs (ST.86, ``st86``) plug in here the same way as
trademarks: write a module with a class satisfying `Generator` and add it to `GENERATORS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from simulator.design_xml import DesignGenerator
from simulator.patent_xml import PatentGenerator
from simulator.sgtrademarks import SGTrademarkGenerator
from simulator.trademark_xml import TrademarkGenerator


class Generator(Protocol):
    """What the endpoint needs from one IP type's record generator."""

    ip_type: str
    metadata_prefix: str
    namespace: str
    schema_location: str
    identifier_prefix: str
    """Prefix of the OAI identifier's local part, e.g. "TM" in ``oai:ipas.kh:TM/KH49...``."""

    def record(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        """The record's metadata payload (root element, UTF-8, no XML declaration)."""
        ...

    def dublin_core(
        self, office_code: str, seed: int, index: int, changes: Mapping[str, Any] | None = None
    ) -> bytes:
        """The record as an ``oai_dc:dc`` element."""
        ...

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        """The office's own identifier of record `index` (letters and digits)."""
        ...

    def index_of(self, office_code: str, seed: int, source_id: str) -> int | None:
        """The inverse of `source_id`; None when no record has that identifier."""
        ...

    def check_changes(self, changes: Mapping[str, Any]) -> None:
        """Raise ValueError for changes `record` cannot apply (checked at `update` time)."""
        ...


GENERATORS: dict[str, Generator] = {
    "trademarks": TrademarkGenerator(),
    "patents": PatentGenerator(),
    "designs": DesignGenerator(),
}
"""Generators by IP type (the words used in set specs: trademarks, patents, designs)."""


OFFICE_GENERATORS: dict[tuple[str, str], Generator] = {("SG", "trademarks"): SGTrademarkGenerator()}
"""(office, IP type) → generator, for offices whose export is not the IPAS format."""


def generator(ip_type: str, office_code: str = "") -> Generator:
    """The generator for an IP type (the office's own format when it has one, see
    `OFFICE_GENERATORS`), with a clear error for types not (yet) simulated."""
    own = OFFICE_GENERATORS.get((office_code.upper(), ip_type))
    if own is not None:
        return own
    try:
        return GENERATORS[ip_type]
    except KeyError:
        known = ", ".join(sorted(GENERATORS))
        raise ValueError(f"no generator for IP type {ip_type!r}; available: {known}") from None
