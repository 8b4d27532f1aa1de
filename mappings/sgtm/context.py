"""The reading context of the IPOS mapper: the ST.66 one plus the sg-tm vocabulary.

:class:`~mappings.st66.context.MapContext` already carries findings, the per-element children
index and the text/date/code helpers; this subclass only adds lookups in ``SG.sgtm.toml`` (with
findings that point the data steward at that file) and the export's Y/N flags.
"""

from __future__ import annotations

from lxml import etree

from mappings.sgtm import vocab
from mappings.st66.context import MapContext
from mappings.st96 import is_code

VOCAB_FILE = "mappings/vocabularies/SG.sgtm.toml"


class SgContext(MapContext):
    """Findings, vocabulary and reading helpers for one IPOS record (no namespace)."""

    __slots__ = ()

    def unknown(self, table: str, value: str, path: str, kept: str) -> None:
        """Report a value missing from ``SG.sgtm.toml``: kept (``kept`` says where), not guessed."""
        self.report(
            "VOCAB-UNKNOWN-VALUE",
            "warning",
            path,
            f"Value {value!r} is not in the IPOS export vocabulary table [{table}]; {kept}.",
            f"Add {value!r} to {VOCAB_FILE} [{table}] with its ST.96 value.",
        )

    def lookup(self, table: str, value: str, path: str, kept: str) -> str | None:
        """``value`` through ``table``; unknown values are reported (and None returned)."""
        mapped = vocab.lookup(table, value)
        if mapped is None:
            self.unknown(table, value, path, kept)
        return mapped

    def flag(self, el: etree._Element, tag: str, path: str) -> bool | None:
        """A Y/N flag child; None when absent, empty or not a flag word (reported)."""
        raw = self.text(el, tag, path)
        if raw is None:
            return None
        mapped = self.lookup("flag", raw, path, "the flag is ignored")
        return None if mapped is None else mapped == "true"

    def country(self, raw: str | None, path: str) -> str | None:
        """An ISO country code from a code or a country name the vocabulary knows."""
        if raw is None:
            return None
        upper = raw.strip().upper()
        if is_code("country", upper):
            return upper
        mapped = vocab.lookup("country", raw)
        if mapped:
            return mapped
        return self.code("country", raw, path)  # reports SRC-CODE-INVALID
