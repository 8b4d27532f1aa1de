"""The coverage table type: what one source format's every element path becomes in ST.96.

Every format declares one :class:`CoverageTable` as ``TABLE`` in ``mappings/<format>/table.py``:
the mapper walks records against it (:mod:`mappings.framework.walk`), ``iphub coverage``
classifies the paths offices send with it (:mod:`mappings.coverage`) and the value-retention
check accounts for each value with it (:mod:`mappings.retention`). A new format is a new table.

Paths are written ``/Root/Child/...`` with the format's own namespace implied; a step
``wo:Name`` is an element of the extension namespace the table names ``wo``
(:attr:`CoverageTable.extensions`), ``{}Name`` an element without namespace in a namespaced
record and ``{uri}Name`` one of a namespace no table declares (never in a table, so reported).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mappings.model import NotMapped

if TYPE_CHECKING:
    from mappings.retention import Transformation
    from mappings.vocabulary import OfficeVocabulary

__all__ = ["CoverageTable", "Target", "ipas_name_entries"]

#: What a source path becomes: the ST.96 path(s) it feeds, described, or why it does not.
Target = str | NotMapped

#: An absolute ST.96 path inside a target's description (``/tmk:Trademark/com:ExpiryDate``).
_ST96_PATH = re.compile(r"(?:/@?[A-Za-z][\w.-]*:[A-Za-z][\w.-]*)+")
#: Positional and attribute predicates of a finding's path (``tmk:Applicant[2]``).
_PREDICATE = re.compile(r"\[[^\]]*\]")


def _no_transformations(_vocab: OfficeVocabulary | None) -> tuple[Transformation, ...]:
    return ()


@dataclass(frozen=True, eq=False)
class CoverageTable(Mapping[str, Target]):
    """One source format's declared coverage, read like a dict of source path → target.

    ``prefix``: the OAI-PMH metadata prefix of the format; ``handled_attributes``: attributes
    the mapper carries over on any element (others are reported); ``extensions``: prefix of
    the table's notation → extension namespace URI the format's offices write (IPAS's
    ``wo-trademarks``); ``bare_roots``: local name of a root that starts below the table's top
    → its path (an ST.66 ``TradeMark`` sent without its ``Transaction``); ``attributes``: what
    an attribute's value becomes where its element's entry does not account for it (for the
    value-retention check); ``transformations``: the declared ways the mapper turns a source
    value into ST.96 values, given the office vocabulary (for the value-retention check).
    """

    prefix: str
    paths: Mapping[str, Target]
    handled_attributes: frozenset[str]
    extensions: Mapping[str, str] = field(default_factory=dict)
    bare_roots: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, Target] = field(default_factory=dict)
    transformations: Callable[[OfficeVocabulary | None], tuple[Transformation, ...]] = (
        _no_transformations
    )
    _compiled: dict = field(default_factory=dict, repr=False)

    # a table is one object: compared and hashed by identity, not as the dict it reads like
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    # --- Mapping ---------------------------------------------------------------------------
    def __getitem__(self, path: str) -> Target:
        return self.paths[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def get(self, path: str, default: Target | None = None) -> Target | None:  # type: ignore[override]
        """The target of ``path`` (a dict lookup: the walk asks it for every placeholder)."""
        return self.paths.get(path, default)

    # --- inverse lookup --------------------------------------------------------------------
    def source_paths_for(self, st96_path: str) -> tuple[str, ...]:
        """The source paths that feed ``st96_path``, in table order: those whose target names
        that ST.96 path (as its main target or as one of the places it also goes, ``(the
        office's word also in ...)``). Predicates of a finding's path (``[2]``) are ignored; a
        path no entry names gives ``()``. For a finding, this names the office's own field(s).

        >>> TABLE.source_paths_for("/tmk:Trademark/tmk:MarkCurrentStatusCode")  # doctest: +SKIP
        ('/Transaction/.../TradeMark/MarkCurrentStatusCode', '/.../wo:MarkCurrentStatusCode')
        """
        inverse = self._compiled.get("inverse")
        if inverse is None:
            inverse = self._compiled["inverse"] = self._inverse()
        return inverse.get(_PREDICATE.sub("", st96_path).rstrip("/"), ())

    def _inverse(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for path, target in self.paths.items():
            if isinstance(target, NotMapped):
                continue
            for st96_path in dict.fromkeys(_ST96_PATH.findall(target)):
                found.setdefault(st96_path, []).append(path)
        return {st96_path: tuple(paths) for st96_path, paths in found.items()}

    # --- compiled forms (cached on the table) ------------------------------------------------
    def tree(self, prefix: str) -> dict:
        """The table as nested dicts keyed by Clark name for records whose root is in the
        namespace ``prefix`` (``"{uri}"`` or ``""``): each entry is ``(children, path,
        name)``, the path in the table's notation and ``name`` the key of the children index
        (the local name, also for a ``wo:`` step). Built once per namespace."""
        key = ("tree", prefix)
        tree = self._compiled.get(key)
        if tree is None:
            tree = self._compiled[key] = self._build_tree(prefix)
        return tree

    def _build_tree(self, prefix: str) -> dict:
        uris = {short: f"{{{uri}}}" for short, uri in self.extensions.items()}
        tree: dict = {}
        for path in self.paths:
            node, so_far = tree, ""
            for step in path.strip("/").split("/"):
                so_far += "/" + step
                short, colon, local = step.partition(":")
                if colon and short in uris:
                    key, name = uris[short] + local, local
                else:
                    key, name = prefix + step, step
                entry = node.get(key)
                if entry is None:
                    entry = node[key] = ({}, so_far, name)
                node = entry[0]
        return tree

    def step_names(self, prefix: str) -> Callable[[str], str]:
        """The function naming one step (a Clark name) in the table's notation for records
        whose root is in the namespace ``prefix`` (see the module docstring)."""
        key = ("names", prefix)
        names = self._compiled.get(key)
        if names is None:
            names = self._compiled[key] = _step_namer(prefix, self.extensions)
        return names


def _step_namer(prefix: str, extensions: Mapping[str, str]) -> Callable[[str], str]:
    by_uri = {f"{{{uri}}}": f"{short}:" for short, uri in extensions.items()}

    def name(tag: str) -> str:
        if prefix and tag.startswith(prefix):
            return tag[len(prefix) :]
        if tag[0] == "{":
            uri, _, local = tag.rpartition("}")
            return by_uri.get(uri + "}", uri + "}") + local
        return "{}" + tag if prefix else tag

    return name


def ipas_name_entries(book: str, contact: str, per_language: str) -> dict[str, Target]:
    """The entries of IPAS's ``FormattedNameAddress`` (``book``) down to the name lines, and its
    address bag, as every IPAS format (ST.66, ST.86) writes a party: the name steps all feed
    ``contact``'s com:Name; ``per_language`` says how the format's mapper groups the name lines
    of one language. The address's inner entries differ by format and stay with it."""
    name = f"{contact}/com:Name"
    return {
        book: contact,
        f"{book}/Name": name,
        f"{book}/Name/FreeFormatName": name,
        f"{book}/Name/FreeFormatName/FreeFormatNameDetails": name,
        f"{book}/Name/FreeFormatName/FreeFormatNameDetails/FreeFormatNameLine": (
            f"{name}/com:EntityName | com:PersonName/com:PersonFullName | "
            f"com:OrganizationName/com:OrganizationStandardName ({per_language})"
        ),
        f"{book}/Address": f"{contact}/com:PostalAddressBag",
    }
