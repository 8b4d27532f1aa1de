"""Imports only point down the layers, and no modules import each other in a ring.

Layers, bottom up (docs/architecture.md, "Layers"):

    xsd  →  oaiprotocol | mappings  →  store  →  harvester | node  →  simulator  →  tasks  →  iphub

A module may import its own package and any layer below its own; ``harvester`` and ``node``
are siblings and never import each other (they meet in the store). Every import counts: at
module level and inside functions (an import inside a function that dodges a cycle is still
the cycle). The test reads the sources with ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Rank of each top-level package; a module imports ranks below its own (or its own package).
RANKS = {
    "xsd": 0,
    "oaiprotocol": 1,
    "mappings": 1,
    "store": 2,
    "harvester": 3,
    "node": 3,
    "simulator": 4,
    "tasks": 5,
    "iphub": 6,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    found = {}
    for package in RANKS:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).is_dir() else ():
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """(imported project module, line) for every import statement of ``module``."""
    path = modules()[module]
    known = modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if _is_type_checking(block)
                   for n in ast.walk(block)}  # fmt: skip
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, path, node)
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            names = [f"{source}.{a.name}" if f"{source}.{a.name}" in known else source
                     for a in node.names]  # fmt: skip
        else:
            continue
        for name in names:
            if name.split(".")[0] in RANKS:
                yield name, node.lineno


def _is_type_checking(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:``: names for type hints only, never imported at run time, so they
    neither point anywhere nor close a ring when the code runs."""
    return isinstance(node, ast.If) and (
        getattr(node.test, "id", None) == "TYPE_CHECKING"
        or getattr(node.test, "attr", None) == "TYPE_CHECKING"
    )


def layer(module: str) -> str:
    return module.split(".")[0]


def upward(module: str, imported: str) -> bool:
    """``module`` may not import ``imported``: a higher layer, or the sibling at its rank."""
    own, other = layer(module), layer(imported)
    return own != other and RANKS[other] >= RANKS[own]


def graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (imports of a package's parent not implied)."""
    known = modules()
    edges: dict[str, set[str]] = {m: set() for m in known}
    for module in known:
        for name, _line in imports_of(module):
            while name and name not in known:  # `import a.b.c` of a name inside a module
                name = name.rpartition(".")[0]
            if name and name != module:
                edges[module].add(name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_package_is_read():
    assert {"store.models", "harvester.runner", "node.oai.views", "iphub.cli"} <= set(modules())


def test_no_import_points_up():
    wrong = [
        f"{module} imports {name} (line {line}): {layer(module)} may not use {layer(name)}"
        for module in modules()
        for name, line in imports_of(module)
        if upward(module, name)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("module", "imported", "refused"),
    [
        ("store.models", "node.storage", True),
        ("store.findings", "mappings.model", False),
        ("harvester.runner", "node.monitoring.jobs", True),
        ("node.oai.views", "harvester.client", True),
        ("node.oai.views", "store.models", False),
        ("mappings.pipeline", "store.models", True),
        ("tasks.jobs", "harvester.runner", False),
        ("harvester.runner", "tasks.jobs", True),
        ("simulator.demo.command", "harvester.batch", False),
        ("node.views", "simulator.demo.command", True),
        ("iphub.cli", "simulator.demo.command", False),
    ],
)
def test_the_rule(module, imported, refused):
    assert upward(module, imported) is refused


def test_a_ring_is_found():
    ring = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert cycles(ring) == [["a.x", "a.y", "a.z"]]
