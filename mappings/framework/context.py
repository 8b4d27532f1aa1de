"""The one per-record mapping context every format's mapper uses.

The section modules of a mapper stay small pure functions of (source element, context); the
context carries who sent the record (office, languages, the office's vocabularies), collects
the findings (with generated values marked), and offers the reading helpers every section
needs, so each rule is written once:

- reading through a per-element children index by local name (built by the coverage walk,
  :func:`mappings.framework.walk.walk`, or on first use): :meth:`~MappingContext.findall`,
  :meth:`~MappingContext.text`, :meth:`~MappingContext.texts`, :meth:`~MappingContext.date`,
  :meth:`~MappingContext.code`, with placeholders and empty elements reported as they are read;
- reading through precomputed names (:attr:`~MappingContext.src` with
  :func:`~mappings.framework.reading.first`): :meth:`~MappingContext.read_date`,
  :meth:`~MappingContext.lang`, :meth:`~MappingContext.tagged` (texts sent once per language);
- vocabulary misses (:meth:`~MappingContext.unknown`), naming the file a steward fills in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from mappings.framework.reading import Namespace, index_children, source_names, steps_of, text_of
from mappings.framework.table import CoverageTable
from mappings.framework.values import (
    NON_LATIN_SCRIPT,
    TextPicker,
    export_date,
    iso_date,
    language_code,
)
from mappings.framework.walk import path_of
from mappings.model import Finding
from mappings.placeholders import MAY_START, is_placeholder, placeholder_finding
from mappings.st96 import is_code

if TYPE_CHECKING:
    from mappings.vocabulary import OfficeVocabulary
    from mappings.vocabulary_supplements import Supplement

__all__ = ["MappingContext", "VocabularyFile"]

_unknown_findings: dict[tuple[object, str, str, str, str], Finding] = {}
"""(vocabulary file, table, value, path, kept) → its VOCAB-UNKNOWN-VALUE finding: an office's
records miss the same few words (a KH record reports four event codes), and a finding is
immutable, so
it is formatted once (bounded: the values are untrusted)."""


_MISSING = object()


@dataclass(frozen=True, slots=True)
class VocabularyFile:
    """Where a format's words live, for the finding of a word missing from them: ``name``
    ("the {name} vocabulary table"), ``file`` (where to add it) and ``alternative`` (what
    else the office can do)."""

    name: str
    file: str
    alternative: str = ""

    @staticmethod
    @lru_cache(maxsize=64)
    def of_office(office: str) -> VocabularyFile:
        """An office's own ST.66 vocabulary (``mappings/vocabularies/XX.toml``), made once per
        office (a record may miss several words)."""
        office = office or "default"
        return VocabularyFile(
            office, f"mappings/vocabularies/{office}.toml", ", or export the ST.66 standard value"
        )


class MappingContext:
    """Findings, vocabularies, languages and reading helpers for one record.

    ``table``: the format's coverage table (names the office's fields in findings); ``ns``:
    the namespace of the record's root; ``root_path``: when set, prefixes the ST.96 paths of
    :meth:`report` (``/dgn:Design``); ``language``: the record's default language;
    ``supplement``: the patent/design vocabulary tables; ``words``: where the format's words
    live when not in the office's ST.66 vocabulary.
    """

    __slots__ = (
        "_index",
        "_langs",
        "_prefix",
        "aliases",
        "findings",
        "language",
        "languages",
        "ns",
        "office",
        "picker",
        "root_path",
        "src",
        "sup",
        "table",
        "vocab",
        "words",
    )

    def __init__(
        self,
        *,
        table: CoverageTable,
        office: str,
        vocab: OfficeVocabulary | None,
        ns: str = "",
        language: str | None = None,
        supplement: Supplement | None = None,
        root_path: str = "",
        words: VocabularyFile | None = None,
    ) -> None:
        self.table = table
        self.office = office
        self.vocab = vocab
        self.ns = ns
        self.src: Namespace = source_names(ns)
        self.sup = supplement
        self.aliases = supplement.tables.get("language", {}) if supplement is not None else {}
        self.language = language
        self.languages: tuple[str, ...] = tuple(
            dict.fromkeys(x for x in (language, *(vocab.languages if vocab else ())) if x)
        )
        self.picker = TextPicker((language, "en"))
        self.root_path = root_path
        self.words = words
        self.findings: list[Finding] = []
        self._index: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        self._prefix = f"{{{ns}}}" if ns else ""
        self._langs: dict[tuple[str | None, str | None], str | None] = {}

    def children(self, el: etree._Element) -> dict[str, list[etree._Element]]:
        """``el``'s children grouped by local name, in document order (built once per element)."""
        index = self._index.get(el)
        if index is None:
            index = self._index[el] = index_children(el, self._prefix)
        return index

    # --- findings ----------------------------------------------------------------------------
    def report(
        self,
        rule_id: str,
        severity: str,
        path: str,
        message: str,
        suggestion: str = "",
        *,
        generated: bool = False,
        source_field: str | None = None,
    ) -> None:
        """Add a finding; with a :attr:`root_path`, ``path`` is relative to the record root
        (``"com:ExpiryDate"``). ``generated`` marks a value the hub wrote for the office;
        ``source_field``: the office's field it is about, when the ST.96 path cannot lead to it
        (:meth:`source_path`)."""
        if self.root_path:
            path = f"{self.root_path}/{path}" if path else self.root_path
        self.findings.append(
            Finding(rule_id, severity, path, message, suggestion, generated, source_field)
        )

    def source_path(self, el: etree._Element) -> str:
        """The path of ``el`` in the coverage table's notation (``wo:`` for IPAS's extension
        namespace), for findings that name the office's own field."""
        return path_of(el, self.table)

    def unknown(self, table: str, value: str, path: str, kept: str) -> None:
        """Report a vocabulary miss: the value is kept (``kept`` says where), never guessed.
        The finding names the vocabulary file the data steward adds the word to."""
        words = self.words or VocabularyFile.of_office(self.office)
        key = (words, table, value, path, kept)
        finding = _unknown_findings.get(key)
        if finding is None:
            if len(_unknown_findings) >= 4096:
                _unknown_findings.clear()
            finding = _unknown_findings[key] = Finding(
                "VOCAB-UNKNOWN-VALUE",
                "warning",
                path,
                f"Value {value!r} is not in the {words.name} vocabulary table [{table}]; {kept}.",
                f"Add {value!r} to {words.file} [{table}] with its ST.96 value{words.alternative}.",
            )
        self.findings.append(finding)

    def lookup(self, table: str, value: str, path: str, kept: str) -> str | None:
        """``value`` through the office vocabulary's ``table``; None and a vocabulary miss
        (:meth:`unknown`, ``kept`` says where the value went) when the word is not there. An
        empty string is a known word that ST.96 has no value for: no miss."""
        mapped = self.vocab.lookup(table, value) if self.vocab is not None else None
        if mapped is None:
            self.unknown(table, value, path, kept)
        return mapped

    # --- reading -----------------------------------------------------------------------------
    def findall(self, el: etree._Element, path: str) -> list[etree._Element]:
        """Elements at the child-only ``path`` (``"A"`` or ``"A/B"``), in document order."""
        index = self._index.get(el)
        if index is None:
            index = self.children(el)
        found = index.get(path)
        if found is not None:
            return found
        steps = steps_of(path)
        if len(steps) == 1:
            return []
        found = index.get(steps[0])
        for tag in steps[1:]:
            if not found:
                return []
            if len(found) == 1:  # the usual chain of single containers: no list to build
                found = self.children(found[0]).get(tag)
            else:
                found = [node for parent in found for node in self.children(parent).get(tag, ())]
        return found or []

    def find(self, el: etree._Element, path: str) -> etree._Element | None:
        found = self.findall(el, path)
        return found[0] if found else None

    def text(self, el: etree._Element, path: str, st96_path: str = "") -> str | None:
        """Trimmed text at ``path`` or None; an element present but empty is reported.

        The most frequent question of a record (~50 a record), so a one-step path is answered
        from the children index directly instead of through :meth:`findall`.
        """
        index = self._index.get(el)
        if index is None:
            index = self.children(el)
        found = index.get(path) or ("/" in path and self.findall(el, path))
        if not found:
            return None
        text = found[0].text
        if text is not None:  # the common case of value(), inline
            text = text.strip()
            if (
                text
                and "\n" not in text
                and "  " not in text
                and (text[0] not in MAY_START or not is_placeholder(text))
            ):
                return text
        return self.value(found[0], st96_path)

    def required(
        self,
        el: etree._Element,
        path: str,
        st96_path: str,
        rule_id: str,
        message: str,
        suggestion: str,
        severity: str = "error",
    ) -> str | None:
        """:meth:`text` of a field ST.96 needs: when it is missing, ``rule_id`` is reported at
        ``st96_path`` (after any finding of the reading itself) and None returned, and the
        caller leaves out what the field belongs to. One place for "read it, else say so"."""
        text = self.text(el, path, st96_path)
        if text is None:
            self.report(rule_id, severity, st96_path, message, suggestion)
        return text

    def value(self, el: etree._Element, st96_path: str = "") -> str | None:
        """Trimmed text of ``el``; None (and a finding) when the element is empty or holds a
        placeholder (``-``, ``N/A``, ``1900-01-01``: see :mod:`mappings.placeholders`)."""
        text = el.text
        if text is not None:
            text = text.strip()
            if text:
                if text[0] in MAY_START and is_placeholder(text):
                    self.findings.append(placeholder_finding(self.source_path(el), text, st96_path))
                    return None
                return " ".join(text.split()) if "\n" in text or "  " in text else text
        self.report(
            "SRC-EMPTY-ELEMENT",
            "warning",
            st96_path,
            f"Source element {etree.QName(el).localname} is present but empty; it was skipped.",
            "Omit empty elements from the export, or fill them.",
            source_field=self.source_path(el),
        )
        return None

    def texts(self, el: etree._Element, path: str, st96_path: str) -> list[tuple[str, str]]:
        """(text, language) of each non-empty element at ``path``; language '' when unlabelled.

        A list, not a generator: every caller wants them all, and the findings of empty or
        mislabelled texts are reported in document order either way."""
        result = []
        for found in self.findall(el, path):
            text = self.value(found, st96_path)
            if text is not None:
                result.append((text, self.language_of(found, st96_path)))
        return result

    def language_of(self, el: etree._Element, st96_path: str) -> str:
        """The element's ``languageCode`` if it is a valid ISO 639-1 code, else '' (reported)."""
        lang = el.get("languageCode")
        if lang is None:
            return ""
        lang = self.iso_language(lang)
        if is_code("language", lang):
            return lang
        self.report(
            "SRC-LANGUAGE-CODE-INVALID",
            "warning",
            st96_path,
            f"languageCode {el.get('languageCode')!r} is not an ISO 639-1 code; the text is kept "
            "without a language.",
            "Use two-letter lower-case ISO 639-1 codes (en, id, th, vi...).",
        )
        return ""

    def date(self, el: etree._Element, path: str, st96_path: str) -> str | None:
        """An ISO date (YYYY-MM-DD) from the usual export forms; unparseable dates are reported."""
        raw = self.text(el, path, st96_path)
        if raw is None:
            return None
        return self.parse_date(raw, st96_path)

    def parse_date(self, raw: str, st96_path: str) -> str | None:
        """:func:`~mappings.framework.values.export_date` of ``raw``; an invalid date is
        reported."""
        iso = export_date(raw)
        if iso is not None:
            return iso
        self.report(
            "SRC-DATE-INVALID",
            "error",
            st96_path,
            f"Date {raw!r} is not a valid date; it was left out of the ST.96 record.",
            "Export dates as YYYY-MM-DD.",
        )
        return None

    def iso_language(self, raw: str) -> str:
        """The ISO 639-1 code for an office's language tag: IPAS writes ``kh`` for Khmer,
        ``in`` for Indonesian, ``vn`` for Vietnamese and ``la`` for Lao (not Latin), see the
        vocabulary's ``[language]`` table; other tags are only lower-cased."""
        tag = raw.strip().lower()
        return (self.vocab.lookup("language", tag) if self.vocab else None) or tag

    def code(self, kind: str, raw: str | None, st96_path: str) -> str | None:
        """A country/office/language code checked against ST.96's code list (reported if not)."""
        if raw is None:
            return None
        value = raw.upper() if kind != "language" else self.iso_language(raw)
        if is_code(kind, value):
            return value
        self.report(
            "SRC-CODE-INVALID",
            "error",
            st96_path,
            f"{raw!r} is not a valid ST.96 {kind} code; it was left out of the ST.96 record.",
            {
                "country": "Use ISO 3166-1 alpha-2 country codes (e.g. GB, not UK).",
                "office": "Use WIPO ST.3 two-letter codes.",
                "language": "Use ISO 639-1 two-letter language codes.",
            }[kind],
        )
        return None

    # --- languages and dates of the precomputed-name readers ----------------------------------
    def use_language(self, language: str | None) -> None:
        """Make ``language`` (the record's stated language) the default and preferred one."""
        if not language:
            return
        self.language = language
        self.languages = tuple(dict.fromkeys((language, *self.languages)))
        self.picker.preferred = tuple(dict.fromkeys((language, "en")))

    def lang(self, raw: str | None) -> str | None:
        """ISO code for an office language tag (untagged → the record's language)."""
        key = (raw, self.language)
        found = self._langs.get(key, _MISSING)
        if found is _MISSING:
            found = self._langs[key] = language_code(raw, self.aliases, self.language)
        return found

    def tagged(self, elements: list[etree._Element]) -> list[tuple[str | None, str]]:
        """(language, text) of sibling texts that are variants of one value.

        IPAS tags the variants it adds (``DesignTitle languageCode="kh"`` beside an untagged
        ``DesignTitle``), so an untagged text is in the first of the record's and the office's
        languages that no sibling claims explicitly (English beside a Khmer variant, Malay
        beside an English one), or in no stated language when all are claimed.
        """
        raw = [(el.get("languageCode"), text_of(el)) for el in elements]
        claimed = {self.lang(tag) for tag, _ in raw if tag and tag.strip()}
        untagged = next((c for c in self.languages if c not in claimed), None)
        result = []
        for tag, text in raw:
            if not text:
                continue
            lang = self.lang(tag) if tag and tag.strip() else untagged
            if lang in NON_LATIN_SCRIPT and text.isascii():
                lang = None  # plain Latin text is not Khmer or Thai, whatever the default says
            result.append((lang, text))
        return result

    def read_date(self, text: str | None, path: str, what: str) -> str | None:
        """An ISO date for ``text``; reports an unreadable date (a missing one is not reported)."""
        value = iso_date(text)
        if value is None and text and text.strip():
            self.report(
                "SRC-DATE-INVALID",
                "error",
                path,
                f"The {what} {text.strip()!r} is not a date; it was left out.",
                "Send dates as YYYY-MM-DD.",
            )
        return value
