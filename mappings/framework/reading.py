"""Reading a source tree fast: precomputed names, first/every child lookups, texts.

Mapping runs at thousands of records a second, so element names are precomputed
(:class:`Namespace`), lookups go through ``iterchildren`` instead of ElementPath, and a
record's children can be indexed once by local name (:func:`index_children`, built by the
coverage walk) for the mappers that read through
:class:`~mappings.framework.context.MappingContext`.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from mappings import st96

__all__ = [
    "COM",
    "DGN",
    "PAT",
    "Namespace",
    "every",
    "first",
    "index_children",
    "index_key",
    "quoted_values",
    "source_names",
    "steps_of",
    "text_of",
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


_STEPS: dict[str, tuple[str, ...]] = {}
"""path → its steps: the same few dozen paths for every record."""


def steps_of(path: str) -> tuple[str, ...]:
    """``"A/B"`` → ``("A", "B")``: the local names of a child-only path (cached)."""
    steps = _STEPS.get(path)
    if steps is None:
        parts = path.split("/")
        if any(p in ("", ".", "..", "*") or "[" in p for p in parts):
            raise ValueError(f"only child steps are supported in mapper paths: {path!r}")
        steps = _STEPS[path] = tuple(parts)
    return steps
