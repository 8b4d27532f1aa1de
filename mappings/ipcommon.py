"""What the patent (ST.36) and design (ST.86) mappers share beyond :mod:`mappings.st96`.

Offices' exports are loose where ST.96 is strict: IPAS writes ``kh`` for Khmer and ``in`` for
Indonesian, dates come as ``20210315`` or ``2021-03-15T00:00:00``. Each value is normalised and
checked here before it is written, so one odd code becomes one clear finding instead of an XSD
error that invalidates the whole record. Element names are precomputed (:class:`Namespace`)
because mapping runs at thousands of records a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from lxml import etree

from mappings import st96
from mappings.model import Finding
from mappings.namespaces import XML_NS, XSI_NS
from mappings.placeholders import is_placeholder, placeholder_finding

if TYPE_CHECKING:
    from mappings.vocabulary import OfficeVocabulary
    from mappings.vocabulary_supplements import Supplement

__all__ = [
    "COM",
    "DGN",
    "PAT",
    "Context",
    "Namespace",
    "TextPicker",
    "check_source",
    "coverage_path_tree",
    "every",
    "first",
    "index_children",
    "index_key",
    "is_code",
    "iso_date",
    "language_code",
    "office_code",
    "quoted_values",
    "source_names",
    "source_paths",
    "text_of",
    "unmapped_findings",
    "walk_coverage",
]


class Namespace:
    """Clark names of one namespace: ``COM.ApplicationNumber`` is
    ``"{http://www.wipo.int/standards/XMLSchema/ST96/Common}ApplicationNumber"``.

    Each name is formatted on first use and then read as a plain attribute, so building a
    record does no string work per element.
    """

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.prefix = f"{{{uri}}}" if uri else ""
        self._paths: dict[str, tuple[str, ...]] = {}

    def __getattr__(self, local: str) -> str:
        if local.startswith("__"):
            raise AttributeError(local)
        name = self.prefix + local
        setattr(self, local, name)
        return name

    def path(self, steps: str) -> tuple[str, ...]:
        """The Clark names of ``"A/B/C"``, for :func:`first` and :func:`every` (cached)."""
        found = self._paths.get(steps)
        if found is None:
            found = self._paths[steps] = tuple(self.prefix + s for s in steps.split("/"))
        return found


@cache
def source_names(uri: str) -> Namespace:
    """The names of a source format's namespace, made once per namespace."""
    return Namespace(uri)


COM = Namespace(st96.COM)
DGN = Namespace(st96.DGN)
PAT = Namespace(st96.PAT)


def first(el: etree._Element | None, path: str | tuple[str, ...]) -> etree._Element | None:
    """The first element at ``path`` (a Clark name, or a tuple of them one per level) below
    ``el`` that holds something; None when there is none.

    IPAS writes empty elements beside filled ones (``<DesignApplicationDate/>`` then the
    date): an empty element (no text, no children) is only returned when no sibling of the
    same name holds anything, so a field sent is never taken for a field missing.

    Replaces ``el.find("a/b")``: lxml's ElementPath keeps only 100 compiled paths, and the
    mappers of one process use more, so ``find`` kept recompiling them (3x slower).
    """
    if el is None:
        return None
    if type(path) is str:
        found = next(el.iterchildren(path), None)
        if found is None or found.text is not None or len(found):
            return found  # the usual case, inline: a child with its text
        return _first_filled(el, path)
    for tag in path:
        found = next(el.iterchildren(tag), None)
        if found is not None and found.text is None and not len(found):
            found = _first_filled(el, tag)
        if found is None:
            return None
        el = found
    return el


def _first_filled(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child ``tag`` with text or children, else the first (empty) one."""
    found = None
    for child in el.iterchildren(tag):
        text = child.text
        if len(child) or (text is not None and not text.isspace()):
            return child
        if found is None:
            found = child
    return found


def every(el: etree._Element, path: str | tuple[str, ...]) -> list[etree._Element]:
    """All elements at ``path`` below ``el`` in document order (``el.findall``, see
    :func:`first`)."""
    if type(path) is str:
        return list(el.iterchildren(path))
    found = [el]
    for tag in path:
        found = [child for parent in found for child in parent.iterchildren(tag)]
    return found


def text_of(element: etree._Element | None) -> str:
    """The element's whole text, whitespace-collapsed; "" for a missing or empty element."""
    if element is None:
        return ""
    text = element.text if len(element) == 0 else "".join(element.itertext())
    return " ".join(text.split()) if text else ""


def quoted_values(source: etree._Element) -> str:
    """The leaf values of a source element, quoted, for the finding that says it was left
    out: the office sees what was not published, and the value is accounted for."""
    values = [text_of(el) for el in source.iter() if len(el) == 0 and text_of(el)]
    values += [v.strip() for el in source.iter() for v in el.attrib.values() if v.strip()]
    return ", ".join(repr(v) for v in values) or "nothing"


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


_MISSING = object()

#: Languages of the region written in their own script: an ASCII-only text is not in them.
NON_LATIN_SCRIPT = frozenset({"km", "th", "lo", "my", "zh", "ja", "ko", "ar", "hi", "ta"})


class Context:
    """Everything one record's mapping needs besides the tree: who sent it, in which language,
    the office's words, and the findings collected so far.

    ``src`` names the source elements (ST.86 from IPAS has a namespace, ST.36 has none);
    ``root_path`` prefixes the ST.96 paths of findings (``/dgn:Design``).
    """

    __slots__ = (
        "_langs",
        "aliases",
        "findings",
        "language",
        "languages",
        "office",
        "picker",
        "root_path",
        "src",
        "sup",
        "vocab",
    )

    def __init__(
        self,
        *,
        src: Namespace,
        office: str,
        language: str | None,
        supplement: Supplement,
        vocab: OfficeVocabulary | None,
        root_path: str,
    ) -> None:
        self.src = src
        self.office = office
        self.sup = supplement
        self.vocab = vocab
        self.aliases = supplement.tables.get("language", {})
        self.language = language
        self.languages: tuple[str, ...] = tuple(
            dict.fromkeys(x for x in (language, *(vocab.languages if vocab else ())) if x)
        )
        self.picker = TextPicker((language, "en"))
        self.root_path = root_path
        self.findings: list[Finding] = []
        self._langs: dict[tuple[str | None, str | None], str | None] = {}

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
        """Add a finding; ``path`` is relative to the record root (``"com:ExpiryDate"``);
        ``source_field``: the office's field it is about, when the ST.96 path cannot lead to
        it (:func:`source_path_of`)."""
        full = f"{self.root_path}/{path}" if path else self.root_path
        self.findings.append(
            Finding(rule_id, severity, full, message, suggestion, generated, source_field)
        )

    def date(self, text: str | None, path: str, what: str) -> str | None:
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


_IGNORED_ATTR_NS = (
    f"{{{XSI_NS}}}",
    f"{{{XML_NS}}}",
)


def unmapped_findings(
    root: etree._Element,
    coverage: Mapping[str, object],
    handled_attributes: frozenset[str],
    extensions: Mapping[str, str] | None = None,
) -> list[Finding]:
    """``MAP-UNMAPPED-ELEMENT`` / ``-ATTRIBUTE`` for what the coverage table does not declare
    (:func:`check_source` without the placeholders)."""
    return check_source(root, coverage, handled_attributes, extensions or {}, None)[0]


def check_source(
    root: etree._Element,
    coverage: Mapping[str, object],
    handled_attributes: frozenset[str],
    extensions: Mapping[str, str],
    st96_root: str | None,
) -> tuple[list[Finding], list[Finding]]:
    """One walk over a source record before it is mapped: what the coverage table does not
    declare (``MAP-UNMAPPED-ELEMENT`` / ``-ATTRIBUTE``), and the placeholders (with
    ``st96_root``; see :func:`_placeholder`), which are blanked so that the mapper sees the
    field as not sent. Returns (unmapped findings, placeholder findings).

    Exact by namespace: a table step ``Name`` is an element of the root's namespace, a step
    ``wo:Name`` one of the extension namespace ``extensions["wo"]`` (IPAS's ``wo-designs``).
    An element of any other namespace is unmapped even when its local name is in the table:
    an office extension nobody declared is reported, never taken for the standard element.
    An unmapped element is reported once and its subtree skipped. This runs for every record,
    so the table is compiled once into a tree of Clark names and the walk builds no path
    string unless it has something to report; a mapped leaf costs a lookup, its text's first
    character and its attribute names.
    """
    tag = root.tag
    prefix = tag[: tag.index("}") + 1] if tag[0] == "{" else ""
    node = _coverage_tree(coverage, prefix, tuple(sorted(extensions.items()))).get(tag)
    if node is None:
        return [_unmapped_element(_path_of(root, prefix, extensions))], []
    findings: list[Finding] = []
    placeholders: list[Finding] = []
    seen: set[str] = set()
    stack = [(root, node)]
    while stack:
        el, node = stack.pop()
        for attr in el.keys():  # noqa: SIM118 - iterating an element yields its children
            if attr not in handled_attributes and not attr.startswith(_IGNORED_ATTR_NS):
                path = _path_of(el, prefix, extensions)
                key = f"{path}[@{attr}]"
                if key not in seen:
                    seen.add(key)
                    findings.append(_unmapped_attribute(key, attr, path))
        for child in el:
            sub = node.get(child.tag)
            if sub is not None:
                if len(child):
                    stack.append((child, sub))
                    continue
                attributes = child.keys()
                if attributes and not handled_attributes.issuperset(attributes):
                    stack.append((child, sub))  # only to report its attributes
                if st96_root is not None:
                    text = child.text
                    if text is None or (
                        len(text) <= _PLACEHOLDER_MAX and text.lstrip()[:1] in _PLACEHOLDER_STARTS
                    ):
                        _placeholder(child, text or "", coverage, prefix, extensions, st96_root,
                                     placeholders)  # fmt: skip
            elif isinstance(child.tag, str):  # not a comment or processing instruction
                path = _path_of(child, prefix, extensions)
                if path not in seen:
                    seen.add(path)
                    findings.append(_unmapped_element(path))
    return findings, placeholders


#: First characters a placeholder can start with (``-``, ``N/A``, ``none``, ``1900-01-01``,
#: ``0000-00-00``, ``01/01/1900``...): texts starting otherwise are not checked further.
_PLACEHOLDER_STARTS = frozenset(("", *"-—–_?nN01 \t\r\n"))
_PLACEHOLDER_MAX = 12


def _placeholder(
    el: etree._Element,
    text: str,
    coverage: Mapping[str, object],
    prefix: str,
    extensions: Mapping[str, str],
    st96_root: str,
    findings: list[Finding],
) -> None:
    """A leaf whose value is a placeholder (``-``, ``N/A``, ``1900-01-01``, empty) is
    reported (``SRC-PLACEHOLDER``, naming the office's own field and the ST.96 element it
    would have filled) and blanked in the tree about to be mapped, so a placeholder is never
    published as data; the stored source record keeps it."""
    if not is_placeholder(text):
        return
    path = _path_of(el, prefix, extensions)
    if not text and path in _containers(coverage):
        return  # an empty container (an Address without lines) holds no value
    target = coverage.get(path)
    where = target.split(" ", 1)[0] if isinstance(target, str) else st96_root
    findings.append(placeholder_finding(path, text, where))
    el.text = None


_CONTAINERS: dict[int, tuple[int, frozenset[str]]] = {}


def _containers(coverage: Mapping[str, object]) -> frozenset[str]:
    """The table's paths that have declared children (computed once per table)."""
    cached = _CONTAINERS.get(id(coverage))
    if cached is None or cached[0] != len(coverage):
        parents = frozenset(path.rpartition("/")[0] for path in coverage)
        cached = _CONTAINERS[id(coverage)] = (len(coverage), parents)
    return cached[1]


def source_paths(
    root: etree._Element,
    extensions: Mapping[str, str] | None = None,
    *,
    start: str | None = None,
    unqualified: str = "{}",
) -> Iterator[tuple[str, etree._Element]]:
    """Every element of a record with its path in the coverage table's notation, exact by
    namespace (see :func:`check_source`): ``/A/B`` for the root's namespace, ``wo:B``
    for a declared extension, ``{uri}B`` for an undeclared namespace (in no table, so
    ``iphub coverage`` lists it as unmapped, with its namespace). ``start`` replaces the
    root's own path (ST.66 names its record by the envelope path); ``unqualified`` is the step
    prefix of an element without namespace in a namespaced record."""
    tag = root.tag
    prefix = tag[: tag.index("}") + 1] if tag[0] == "{" else ""
    names = _step_names(prefix, extensions or {}, unqualified)
    start = start or "/" + names(tag)
    yield start, root
    stack = [(start, root)]
    while stack:
        path, el = stack.pop()
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            child_path = f"{path}/{names(child.tag)}"
            yield child_path, child
            if len(child):
                stack.append((child_path, child))


def _step_names(prefix: str, extensions: Mapping[str, str], unqualified: str = "{}"):
    """The function naming one step of a source path (see :func:`source_paths`)."""
    by_uri = {f"{{{uri}}}": f"{short}:" for short, uri in extensions.items()}

    def name(tag: str) -> str:
        if prefix and tag.startswith(prefix):
            return tag[len(prefix) :]
        if tag[0] == "{":
            uri, _, local = tag.rpartition("}")
            return by_uri.get(uri + "}", uri + "}") + local
        return tag if not prefix else unqualified + tag

    return name


def coverage_path_tree(
    coverage: Mapping[str, object], ns: str = "", prefixes: Mapping[str, str] | None = None
) -> dict:
    """The coverage table as nested dicts keyed by tag (Clark name when ``ns`` is given), for
    a walk without path strings: each entry is ``(children, path, name)``, the path precomputed
    in the table's notation and ``name`` the step's local name (the key of the children index,
    see :func:`index_key`).

    A step written ``wo:Name`` is in the extension namespace ``prefixes["wo"]`` (IPAS writes
    some trademark elements in its own namespace beside ST.66 ones): it is keyed by its own
    Clark name, so only that namespace matches it, and indexed under its local name, so the
    mapper reads it like the ST.66 element of the same meaning."""
    prefixes = prefixes or {}
    tree: dict = {}
    for path in coverage:
        node, so_far = tree, ""
        for step in path.strip("/").split("/"):
            so_far += "/" + step
            prefix, colon, local = step.partition(":")
            if colon and prefix in prefixes:
                key, name = f"{{{prefixes[prefix]}}}{local}", local
            else:
                key, name = (f"{{{ns}}}{step}" if ns else step), step
            entry = node.get(key)
            if entry is None:
                entry = node[key] = ({}, so_far, name)
            node = entry[0]
    return tree


def index_key(tag: object, prefix: str) -> str | None:
    """The key of an element in a children index: its local name when it is in the record's
    namespace (``prefix``, ``"{uri}"`` or ``""``), so mappers read by plain names whatever the
    namespace; None (not indexed) for an element of another namespace, a comment or a PI.

    A record without a namespace keeps every element under its tag as written.
    """
    if type(tag) is not str:
        return None
    if not prefix:
        return tag
    return tag[len(prefix) :] if tag.startswith(prefix) else None


def index_children(el: etree._Element, prefix: str) -> dict[str, list[etree._Element]]:
    """``el``'s children grouped by :func:`index_key`, in document order."""
    children: dict[str, list[etree._Element]] = {}
    for child in el:
        key = index_key(child.tag, prefix)
        if key is not None:
            children.setdefault(key, []).append(child)
    return children


def walk_coverage(
    root: etree._Element,
    entry: tuple[dict, str, str] | None,
    root_path: str,
    handled_attributes: frozenset[str],
    index: dict | None = None,
) -> list[Finding]:
    """The trademark mappers' one pass over a record: ``MAP-UNMAPPED-ELEMENT`` / ``-ATTRIBUTE``
    against ``entry``, the root's ``(children, path, name)`` in a :func:`coverage_path_tree`
    (None: the root itself, at ``root_path``, is unmapped).

    When ``index`` is given (a ``MapContext._index``), every element with children that is
    walked also gets its children index (see :func:`index_children`) built, so the mapping
    that follows reads the record without iterating it again; a leaf gets none (the mapper
    reads a leaf's text, and ``MapContext.children`` builds a missing index on demand). An
    unknown element is reported once with its path; its descendants are not walked.

    This is the one loop every element of every record goes through, so a leaf costs one
    tag read, one coverage lookup, its length and its attribute names: a leaf whose
    attributes are all handled (``languageCode`` on most texts) is not pushed at all, as it
    has nothing to report.
    """
    if entry is None:
        return [_unmapped_element(root_path)]
    findings: list[Finding] = []
    seen: set[str] = set()
    if index is None:
        index = {}
    tag = root.tag
    prefix = tag[: tag.index("}") + 1] if tag[0] == "{" else ""
    stack = [(root, entry)]
    pop, push = stack.pop, stack.append
    while stack:
        el, (node, path, _) = pop()
        attributes = el.keys()
        if attributes:
            _check_attributes(attributes, path, handled_attributes, seen, findings)
        children: dict[str, list[etree._Element]] = {}
        index[el] = children
        for child in el:
            tag = child.tag
            child_entry = node.get(tag)
            if child_entry is None:
                key = index_key(tag, prefix)
                if type(tag) is str:  # another namespace's element keeps its Clark name
                    name = tag[len(prefix) :] if tag.startswith(prefix) else tag
                    _check_element(f"{path}/{name}", seen, findings)
                if key is None:
                    continue
            else:
                key = child_entry[2]
                if len(child):
                    push((child, child_entry))
                else:
                    attributes = child.keys()
                    if attributes and not handled_attributes.issuperset(attributes):
                        push((child, child_entry))
            group = children.get(key)
            if group is None:
                children[key] = [child]
            else:
                group.append(child)
    return findings


def _check_attributes(
    attributes: list[str],
    path: str,
    handled_attributes: frozenset[str],
    seen: set[str],
    findings: list[Finding],
) -> None:
    """``MAP-UNMAPPED-ATTRIBUTE`` (once per path) for the attributes nobody maps."""
    for attr in attributes:
        if attr in handled_attributes or attr.startswith(_IGNORED_ATTR_NS):
            continue
        key = f"{path}[@{attr}]"
        if key not in seen:
            seen.add(key)
            findings.append(_unmapped_attribute(key, attr, path))


def _check_element(path: str, seen: set[str], findings: list[Finding]) -> None:
    """``MAP-UNMAPPED-ELEMENT`` for the element at ``path`` (once per path)."""
    if path not in seen:
        seen.add(path)
        findings.append(_unmapped_element(path))


_TREES: dict[tuple, tuple[int, dict]] = {}


def _coverage_tree(
    coverage: Mapping[str, object], prefix: str, extensions: tuple[tuple[str, str], ...] = ()
) -> dict:
    """The coverage paths as nested dicts keyed by Clark names (built once per namespace):
    a step ``wo:Name`` is ``Name`` in the extension namespace named ``wo``."""
    key = (id(coverage), prefix, extensions)
    cached = _TREES.get(key)
    if cached is not None and cached[0] == len(coverage):
        return cached[1]
    uris = {f"{short}:": f"{{{uri}}}" for short, uri in extensions}
    tree: dict = {}
    for path in coverage:
        node = tree
        for step in path.strip("/").split("/"):
            short, colon, local = step.partition(":")
            clark = uris.get(short + colon, prefix + short + colon) + local if colon else None
            node = node.setdefault(clark or prefix + step, {})
    _TREES[key] = (len(coverage), tree)
    return tree


def _path_of(el: etree._Element, prefix: str = "", extensions: Mapping[str, str] | None = None):
    """``/Root/Child/...`` in the coverage notation (only computed for what is reported)."""
    names = _step_names(prefix, extensions or {})
    steps = [names(a.tag) for a in el.iterancestors()]
    steps.reverse()
    steps.append(names(el.tag))
    return "/" + "/".join(steps)


def source_path_of(el: etree._Element, extensions: Mapping[str, str] | None = None) -> str:
    """The source path of ``el`` in the coverage tables' notation (see :func:`source_paths`),
    for a finding that names the office's own field."""
    root = el.getroottree().getroot()
    tag = root.tag
    return _path_of(el, tag[: tag.index("}") + 1] if tag[0] == "{" else "", extensions)


def _unmapped_element(path: str) -> Finding:
    foreign = "{" in path  # only a step of an undeclared namespace is written {uri}Name
    where = " (of a namespace no coverage table declares)" if foreign else ""
    return Finding(
        "MAP-UNMAPPED-ELEMENT",
        "warning",
        path,
        f"Source element {path}{where} is not mapped to ST.96; its value is kept in the stored "
        "source record only.",
        "Tell the hub team which ST.96 element it corresponds to.",
        source_field=path,
    )


def _unmapped_attribute(key: str, attr: str, path: str) -> Finding:
    return Finding(
        "MAP-UNMAPPED-ATTRIBUTE",
        "info",
        key,
        f"Attribute {attr} of {path} is not mapped to ST.96; it is kept in the stored source "
        "record only.",
        source_field=key,
    )
