"""Coverage and vocabulary rules, reported by the mappings while they read the source record.

Only a mapper knows that a source element had no ST.96 place, that a word was not in the
office's vocabulary, or that a source value could not be read: these rules have no tree check
(``check=None``). They are declared here so that ``iphub rules`` and ``docs/rules.md`` list every
id an office can meet. Mapping findings with an id not declared anywhere still pass through.
"""

from __future__ import annotations

from mappings.rules.engine import ALL, rule

FAMILY = "coverage"

RULES = (
    rule(
        "VOCAB-UNKNOWN-VALUE",
        "warning",
        ALL,
        "(the ST.96 element the value would map to)",
        "A value is not in the office's vocabulary table, so it could not be mapped to an ST.96 "
        "value; it is kept as sent.",
        "Add the word to mappings/vocabularies/<OFFICE>.toml with its ST.96 value, or export "
        "the standard value.",
        family=FAMILY,
    ),
    rule(
        "MAP-UNMAPPED-ELEMENT",
        "warning",
        ALL,
        "(the source element, outside ST.96)",
        "A source element has no place in ST.96 and is not published.",
        "Nothing to do if the field is internal; otherwise propose a mapping in the discussion.",
        family=FAMILY,
    ),
    rule(
        "SRC-EMPTY-ELEMENT",
        "warning",
        ALL,
        "(the ST.96 element the source element maps to)",
        "A source element is present but empty.",
        "Leave the element out when there is no value, or fill it.",
        family=FAMILY,
    ),
    rule(
        "SRC-DATE-INVALID",
        "error",
        ALL,
        "(the ST.96 date element)",
        "A source date could not be read as a date; it was left out.",
        "Send dates as YYYY-MM-DD.",
        family=FAMILY,
    ),
    rule(
        "SRC-CODE-INVALID",
        "error",
        ALL,
        "(the ST.96 code element)",
        "A source code (office, country) is not a valid ST.3 / ISO 3166 code; it was left out.",
        "Use two-letter ST.3 codes in capitals.",
        family=FAMILY,
    ),
    rule(
        "SRC-LANGUAGE-CODE-INVALID",
        "warning",
        ALL,
        "(the ST.96 language attribute)",
        "A source language code is not an ISO 639-1 code.",
        "Use ISO 639-1 codes (e.g. km for Khmer).",
        family=FAMILY,
    ),
    rule(
        "SRC-PLACEHOLDER",
        "warning",
        ALL,
        "(the ST.96 element the source field maps to)",
        "A source field holds a placeholder ('-', 'N/A', 1900-01-01, an empty value) instead of "
        "data; it is left out of the ST.96 record and kept in the stored source record. The "
        "message names the office's own field.",
        "Leave the field out of the export when there is no value, or fill it.",
        family=FAMILY,
    ),
    rule(
        "ST96-WRAPPER-CONTENT-NOT-PUBLISHED",
        "info",
        ALL,
        "{root}",
        "An ST.96 record sent in its application wrapper: what the wrapper says outside the "
        "record and the record has no place for is listed (a design's application number, "
        "office and date are carried into the record).",
        "Publish single records whose own elements carry these values.",
        family=FAMILY,
    ),
)
