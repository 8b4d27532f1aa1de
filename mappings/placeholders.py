"""What counts as a placeholder: a value an office's system writes where it has no data.

IPAS fills mandatory fields it has nothing for: ``-`` as an address line, colour claim,
disclaimer or country, ``1900-01-01`` as a date, ``N/A``. Published as data they claim a
disclaimer that is not one or a date a century old. Every mapper asks :func:`is_placeholder`
before writing a value, leaves a placeholder out of the ST.96 (the stored source record keeps
it) and reports it with :func:`placeholder_finding`, naming the office's own field so the
office knows which of its fields to fill. The value-retention check (:mod:`mappings.retention`)
counts a placeholder as reported, never as lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mappings.model import Finding

__all__ = ["MAY_START", "PLACEHOLDER_RULE", "is_placeholder", "placeholder_finding"]

PLACEHOLDER_RULE = "SRC-PLACEHOLDER"

#: Words that mean "no value" in the exports seen, compared case-folded and without spaces
#: or dots. ``NA`` alone is not one: it is Namibia's country code.
_WORDS = frozenset({"-", "--", "---", "—", "–", "_", "n/a", "nil", "none", "null", "?"})

#: The "no date" dates: 1900-01-01 (IPAS), 0000-00-00, 0001-01-01, in their usual forms.
_NO_DATE = re.compile(
    r"\s*(?:(?:1900|0000|0001)-?(?:01|00)-?(?:01|00)(?:[T ][0-9:.+\-Z]*)?"
    r"|(?:01|00)[/.](?:01|00)[/.](?:1900|0000|0001))\s*\Z"
)


def is_placeholder(text: str | None) -> bool:
    """True when ``text`` stands for "no value": empty or blank, a dash, ``N/A``, ``none``,
    or a no-date date such as ``1900-01-01``. None (no element at all) is not a placeholder."""
    if not text:
        return text is not None
    if text[0] not in MAY_START or len(text) > _LONGEST:
        return text.isspace()
    return _short_placeholder(text)


#: The first characters a non-blank placeholder can have ("-", "N/A", "none", "1900-01-01",
#: "01/01/1900", ...): any other text is answered with one set lookup, as this runs for every
#: value of every record (mappers may test it inline before calling :func:`is_placeholder`).
MAY_START = frozenset("-—–_?nN0 1\t\n\r")


_LONGEST = 32
"""No placeholder is longer (``1900-01-01T00:00:00+07:00`` with spaces around): longer texts
are answered without a look, as this runs for every value of every record."""


@lru_cache(maxsize=4096)
def _short_placeholder(text: str) -> bool:
    squeezed = "".join(text.split()).replace(".", "").casefold()
    if not squeezed:
        return True
    return squeezed in _WORDS or _NO_DATE.match(text) is not None


def placeholder_finding(source_path: str, value: str, st96_path: str) -> Finding:
    """The ``SRC-PLACEHOLDER`` finding for ``value`` sent at ``source_path`` (the office's own
    field), which would have gone to ``st96_path`` and was left out."""
    shown = value.strip()
    what = f"the placeholder {shown!r}" if shown else "an empty value"
    return Finding(
        PLACEHOLDER_RULE,
        "warning",
        st96_path,
        f"Source field {source_path} holds {what}, not data; it was left out of the ST.96 "
        "record (the source record keeps it).",
        "Leave the field out of the export when there is no value, or fill it.",
        source_field=source_path,
    )
