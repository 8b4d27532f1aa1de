"""State shared by the ST.66 section mappers while one record is mapped.

The section modules (``mark``, ``goods``, ``parties``, ``events``) stay small pure functions of
(source element, context); the context carries the office vocabulary, collects findings, and
offers the reading helpers that every section needs (namespaced paths, trimmed text, dates,
language codes) so each rule is written once.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from mappings.ipcommon import index_children
from mappings.model import Finding
from mappings.placeholders import MAY_START, is_placeholder, placeholder_finding
from mappings.st66.table import PREFIXES, TM
from mappings.st96 import com, is_code, sub
from mappings.vocabulary import OfficeVocabulary

ST66_NS = "http://www.wipo.int/standards/XMLSchema/trademarks"

_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{2})-(\d{2})"),  # 2019-05-03, 2019-05-03T00:00:00, 2019-05-03+07:00
    re.compile(r"(\d{4})(\d{2})(\d{2})\Z"),  # 20190503
)
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})\Z")  # 03/05/2019 (day first: ASEAN usage)
_LANG = com("languageCode")
_parsed_dates: dict[str, str] = {}
"""raw date text → ISO date, for the valid dates seen (bounded; invalid ones are re-parsed so
they are reported every time)."""
_SEQ = com("sequenceNumber")
_unknown_findings: dict[tuple[str, str, str, str, str], Finding] = {}
"""(office, table, value, path, kept) → its VOCAB-UNKNOWN-VALUE finding: an office's records
miss the same few words (a KH record reports four event codes), and a finding is immutable, so
it is formatted once (bounded: the values are untrusted)."""


_STEPS: dict[str, tuple[str, ...]] = {}
"""path → its steps: the same few dozen paths for every record."""


def _steps(path: str) -> tuple[str, ...]:
    """``"A/B"`` → ``("A", "B")``: the local names of a child-only path (cached)."""
    steps = _STEPS.get(path)
    if steps is None:
        parts = path.split("/")
        if any(p in ("", ".", "..", "*") or "[" in p for p in parts):
            raise ValueError(f"only child steps are supported in mapper paths: {path!r}")
        steps = _STEPS[path] = tuple(parts)
    return steps


class MapContext:
    """Findings, vocabulary and reading helpers for one record.

    Reading goes through a per-element index of children by local name (see
    :func:`mappings.ipcommon.index_key`), built by the coverage walk or on first use: every
    lookup is a dict hit instead of an ElementPath search (a record asks ~80 questions of a
    dozen elements), and paths are plain names whatever the record's namespace.
    """

    __slots__ = ("_index", "_prefix", "findings", "ns", "office", "vocab")

    def __init__(self, vocab: OfficeVocabulary, office: str, ns: str) -> None:
        self.vocab = vocab
        self.office = office
        self.ns = ns
        self.findings: list[Finding] = []
        self._index: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        self._prefix = f"{{{ns}}}" if ns else ""

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
    ) -> None:
        self.findings.append(Finding(rule_id, severity, path, message, suggestion, generated))

    def unknown(self, table: str, value: str, path: str, kept: str) -> None:
        """Report a vocabulary miss: the value is kept (``kept`` says where), never guessed."""
        key = (self.office, table, value, path, kept)
        finding = _unknown_findings.get(key)
        if finding is None:
            if len(_unknown_findings) >= 4096:
                _unknown_findings.clear()
            office = self.office or "default"
            finding = _unknown_findings[key] = Finding(
                "VOCAB-UNKNOWN-VALUE",
                "warning",
                path,
                f"Value {value!r} is not in the {office} vocabulary table [{table}]; {kept}.",
                f"Add {value!r} to mappings/vocabularies/{office}.toml [{table}] "
                "with its ST.96 value, or export the ST.66 standard value.",
            )
        self.findings.append(finding)

    # --- reading -----------------------------------------------------------------------------
    def findall(self, el: etree._Element, path: str) -> list[etree._Element]:
        """Elements at the child-only ``path`` (``"A"`` or ``"A/B"``), in document order."""
        index = self._index.get(el)
        if index is None:
            index = self.children(el)
        found = index.get(path)
        if found is not None:
            return found
        steps = _steps(path)
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

    def value(self, el: etree._Element, st96_path: str = "") -> str | None:
        """Trimmed text of ``el``; None (and a finding) when the element is empty or holds a
        placeholder (``-``, ``N/A``, ``1900-01-01``: see :mod:`mappings.placeholders`)."""
        text = el.text
        if text is not None:
            text = text.strip()
            if text:
                if text[0] in MAY_START and is_placeholder(text):
                    self.findings.append(placeholder_finding(source_path(el), text, st96_path))
                    return None
                return " ".join(text.split()) if "\n" in text or "  " in text else text
        self.findings.append(
            Finding(
                "SRC-EMPTY-ELEMENT",
                "warning",
                st96_path,
                f"Source element {etree.QName(el).localname} is present but empty; it was skipped.",
                "Omit empty elements from the export, or fill them.",
                source_field=source_path(el),
            )
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
                result.append((text, self.language(found, st96_path)))
        return result

    def language(self, el: etree._Element, st96_path: str) -> str:
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
                pass
            else:
                if len(_parsed_dates) >= 4096:
                    _parsed_dates.clear()
                _parsed_dates[raw] = iso
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
        return self.vocab.lookup("language", tag) or tag

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


def source_path(el: etree._Element) -> str:
    """The source path of ``el`` in the coverage table's notation (``wo:`` for IPAS's
    extension namespace; a bare ``TradeMark`` record under its envelope path, as
    :func:`mappings.st66.source_paths` names it), for findings that name the office's own
    field."""
    names = []
    root_ns = ""
    for node in (el, *el.iterancestors()):
        qname = etree.QName(node)
        names.append((qname.namespace or "", qname.localname))
        root_ns = qname.namespace or ""
    steps = []
    for ns, local in reversed(names):
        if ns == root_ns:
            steps.append(local)
        else:
            prefix = next((p for p, uri in PREFIXES.items() if uri == ns), None)
            steps.append(f"{prefix}:{local}" if prefix else f"{{{ns}}}{local}")
    if steps[0] == "TradeMark":  # a record sent without its envelope: named as the table does
        steps[0] = TM.lstrip("/")
    return "/" + "/".join(steps)


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
