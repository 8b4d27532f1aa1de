"""Reading the IPOS export's own words (``SG.sgtm.toml``) while a record is mapped.

Vocabulary misses name that file (:data:`WORDS`, given to the record's
:class:`~mappings.framework.context.MappingContext`), so the data steward knows where to add
the word; the helpers here read the export's Y/N flags and its country names.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext, VocabularyFile
from mappings.sgtm import vocab
from mappings.st96 import is_code

__all__ = ["WORDS", "country_code", "lookup", "read_flag"]

#: Where the IPOS export's words live (named by VOCAB-UNKNOWN-VALUE findings).
WORDS = VocabularyFile("IPOS export", "mappings/vocabularies/SG.sgtm.toml")


def lookup(ctx: MappingContext, table: str, value: str, path: str, kept: str) -> str | None:
    """``value`` through ``table``; unknown values are reported (and None returned)."""
    mapped = vocab.lookup(table, value)
    if mapped is None:
        ctx.unknown(table, value, path, kept)
    return mapped


def read_flag(ctx: MappingContext, el: etree._Element, tag: str, path: str) -> bool | None:
    """A Y/N flag child; None when absent, empty or not a flag word (reported)."""
    raw = ctx.text(el, tag, path)
    if raw is None:
        return None
    mapped = lookup(ctx, "flag", raw, path, "the flag is ignored")
    return None if mapped is None else mapped == "true"


def country_code(ctx: MappingContext, raw: str | None, path: str) -> str | None:
    """An ISO country code from a code or a country name the vocabulary knows."""
    if raw is None:
        return None
    upper = raw.strip().upper()
    if is_code("country", upper):
        return upper
    mapped = vocab.lookup("country", raw)
    if mapped:
        return mapped
    return ctx.code("country", raw, path)  # reports SRC-CODE-INVALID
