"""Normalising the values offices send before they are written to ST.96.

Offices' exports are loose where ST.96 is strict: IPAS writes ``kh`` for Khmer and ``in`` for
Indonesian, dates come as ``20210315`` or ``2021-03-15T00:00:00``. Each value is normalised
and checked here before it is written, so one odd code becomes one clear finding instead of an
XSD error that invalidates the whole record.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from lxml import etree

from mappings import st96
from mappings.st96 import com, sub

__all__ = [
    "NON_LATIN_SCRIPT",
    "TextPicker",
    "export_date",
    "is_code",
    "iso_date",
    "lang_sub",
    "language_code",
    "office_code",
]

_DATE = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ][0-9:.+\-Z]*)?\s*\Z")


def iso_date(text: str | None) -> str | None:
    """``YYYY-MM-DD`` for the date forms offices send (ISO, ST.36 ``YYYYMMDD``, ISO date-time);
    None when empty or not a plausible calendar date (the caller reports it)."""
    if not text:
        return None
    match = _DATE.match(text)
    if match is None:
        return None
    year, month, day = match.groups()
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return None
    return f"{year}-{month}-{day}"


@lru_cache(maxsize=4096)
def is_code(kind: str, value: str) -> bool:
    """:func:`mappings.st96.is_code`, memoised: a record checks a few dozen codes, always the
    same few hundred across an office's records (bounded: the input is untrusted)."""
    return st96.is_code(kind, value)


def office_code(text: str | None) -> str | None:
    """The upper-cased WIPO ST.3 code when ``text`` is one, else None."""
    code = (text or "").strip().upper()
    return code if code and is_code("office", code) else None


def language_code(raw: str | None, aliases: dict[str, str], default: str | None) -> str | None:
    """An ISO 639-1 code for an office's language tag.

    ``aliases`` maps the office's own tags (IPAS ``kh``, ``in``, ``vn``; ``la`` meaning Lao at
    the Lao office, not Latin) to ISO codes. An empty tag means the record's default language.
    None when the tag cannot be made a valid code: the text is then written without a language.
    """
    tag = (raw or "").strip().lower()
    if not tag:
        return default
    tag = aliases.get(tag, tag)
    return tag if is_code("language", tag) else None


class TextPicker:
    """Chooses the one text ST.96 allows where offices send one per language.

    ``dgn:DesignTitleText`` or ``dgn:NoveltyStatementText`` occur once; IPAS sends a title in
    Khmer and one in English. The text in the record's language wins (it is the authentic one),
    then English, then the first sent.
    """

    def __init__(self, preferred: tuple[str | None, ...]) -> None:
        self.preferred = tuple(p for p in preferred if p)

    def pick(self, texts: list[tuple[str | None, str]]) -> tuple[str | None, str] | None:
        """The (language, text) to keep from ``texts``, or None when there is none."""
        texts = [(lang, text) for lang, text in texts if text]
        if not texts:
            return None
        for wanted in self.preferred:
            for lang, text in texts:
                if lang == wanted:
                    return lang, text
        return texts[0]


#: Languages of the region written in their own script: an ASCII-only text is not in them.
NON_LATIN_SCRIPT = frozenset({"km", "th", "lo", "my", "zh", "ja", "ko", "ar", "hi", "ta"})

_LANG = com("languageCode")
_SEQ = com("sequenceNumber")


def lang_sub(
    parent: etree._Element, tag: str, text: str | None, lang: str, seq: int | None = None
) -> etree._Element:
    """An ST.96 text element with ``com:languageCode`` (when ``lang``) and
    ``com:sequenceNumber`` (when ``seq``), without the attribute dict :func:`sub` would build."""
    el = sub(parent, tag, text)
    if lang:
        el.set(_LANG, lang)
    if seq is not None:
        el.set(_SEQ, str(seq))
    return el


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{2})-(\d{2})"),  # 2019-05-03, 2019-05-03T00:00:00, 2019-05-03+07:00
    re.compile(r"(\d{4})(\d{2})(\d{2})\Z"),  # 20190503
)
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})\Z")  # 03/05/2019 (day first: ASEAN usage)
_parsed_dates: dict[str, str] = {}
"""raw date text → ISO date, for the valid dates seen (bounded; invalid ones are re-parsed so
they are reported every time)."""


def export_date(raw: str) -> str | None:
    """``YYYY-MM-DD`` for the date forms trademark exports use (ISO, date-time, ``YYYYMMDD``,
    day-first ``DD/MM/YYYY``); None when ``raw`` is not a calendar date (the caller reports
    it). Valid dates are memoised: an office's records repeat the same few hundred."""
    iso = _parsed_dates.get(raw)
    if iso is not None:
        return iso
    for form in _DATE_FORMS:
        m = form.match(raw)
        if m:
            y, mo, d = m.groups()
            break
    else:
        m = _DMY.match(raw)
        if m:
            d, mo, y = m.groups()
    if m:
        try:
            iso = date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            return None
        if len(_parsed_dates) >= 4096:
            _parsed_dates.clear()
        _parsed_dates[raw] = iso
        return iso
    return None
