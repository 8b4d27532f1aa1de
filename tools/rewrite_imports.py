"""Apply the module moves listed in MOVES.md to a tree of Python files (and docs).

Why: issue 17 moved modules between packages (``node.storage.models -> store.models`` ...).
Branches written before the moves still name the old modules; running this over them
rewrites what they import and the dotted names they mention (``mock.patch`` targets,
``importlib`` strings, docs), so the merge is mechanical.

    python tools/rewrite_imports.py [--moves MOVES.md] PATH...

Each MOVES.md line reads ``old.dotted.name -> new.dotted.name`` (anything else is ignored).
A move names a module or a package; a package's move carries its submodules. Rewritten:

- ``import old.mod`` / ``import old.mod as x`` and every dotted mention ``old.mod[.attr]``,
  and every path ``old/mod.py`` or ``old/pkg/``;
- ``from old.mod import name`` (the module moved);
- ``from old.pkg import mod [as x]`` where ``old.pkg.mod`` moved: becomes
  ``from new.pkg import newmod as mod`` (a separate statement when the other names stay).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

MOVE_LINE = re.compile(r"^\s*`?([A-Za-z_][\w.]*)`?\s*->\s*`?([A-Za-z_][\w.]*)`?\s*$")
SUFFIXES = (".py", ".md", ".cfg", ".toml", ".ini", ".txt", ".mako")


def read_moves(path: Path) -> dict[str, str]:
    """``old -> new`` pairs of MOVES.md, in file order."""
    moves: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = MOVE_LINE.match(line)
        if match:
            moves[match.group(1)] = match.group(2)
    return moves


def moved(name: str, moves: dict[str, str]) -> str | None:
    """The new name of a dotted ``name`` (the longest moved prefix wins), or None."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in moves:
            return ".".join([moves[head], *parts[cut:]])
    return None


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _is_moved_module(full: str, module: str, moves: dict[str, str]) -> bool:
    """``module.name`` moved itself (a module, or a name listed on its own), not merely as a
    part of a module that moved whole."""
    return any(_within(full, old) and not _within(module, old) for old in moves)


def _split(name: str) -> tuple[str, str]:
    parent, _, leaf = name.rpartition(".")
    return parent, leaf


def _alias(name: str, asname: str | None) -> str:
    return f"{name} as {asname}" if asname else name


def _from_statements(node: ast.ImportFrom, moves: dict[str, str]) -> list[str] | None:
    """The statements replacing ``from X import ...``, or None when nothing moved."""
    if node.level or not node.module:
        return None
    module = moved(node.module, moves) or node.module
    kept: list[str] = []
    extra: list[str] = []
    for alias in node.names:
        full = f"{node.module}.{alias.name}"
        target = moved(full, moves) if _is_moved_module(full, node.module, moves) else None
        renamed = f"{module}.{alias.name}"  # the module moved, then the name moved on from it
        if target is None and module != node.module and _is_moved_module(renamed, module, moves):
            target = moved(renamed, moves)
        if target is None or alias.name == "*":
            kept.append(_alias(alias.name, alias.asname))
            continue
        parent, leaf = _split(target)
        asname = alias.asname or alias.name
        asname = None if asname == leaf else asname
        extra.append(f"from {parent} import {_alias(leaf, asname)}")
    if module == node.module and not extra:
        return None
    statements = [f"from {module} import {', '.join(kept)}"] if kept else []
    return statements + extra


def rewrite_python(text: str, moves: dict[str, str]) -> str:
    """``text`` with its from-imports split/rewritten, then every dotted mention renamed."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return rewrite_names(text, moves)
    lines = text.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            statements = _from_statements(node, moves)
            if statements is not None:
                edits.append((node.lineno, node.end_lineno, node.col_offset,
                              node.end_col_offset, statements))  # fmt: skip
    for start, end, column, end_column, statements in sorted(edits, reverse=True):
        indent = " " * column
        if lines[start - 1][:column].strip():  # `x = 1; from a import b` on one line: leave it
            continue
        tail = lines[end - 1]
        ending = "\n" if tail.endswith("\n") else ""
        rest = tail[end_column:].rstrip("\n")  # a trailing `# noqa: ...` stays on each line
        body = "\n".join(indent + s + rest for s in statements) + ending
        lines[start - 1 : end] = [body]
    return rewrite_names("".join(lines), moves)


def rewrite_names(text: str, moves: dict[str, str]) -> str:
    """Every dotted mention of a moved module (whole names only, longest first), and every
    path of one (``node/storage/bulk.py``, ``node/migrations/``)."""
    for old in sorted(moves, key=len, reverse=True):
        pattern = re.compile(r"(?<![\w.])" + re.escape(old) + r"(?![\w])")
        text = pattern.sub(moves[old], text)
        path = re.compile(r"(?<![\w./])" + re.escape(old.replace(".", "/")) + r"(?=\.py\b|/)")
        text = path.sub(moves[old].replace(".", "/"), text)
    return text


def rewrite_tree(paths: list[Path], moves: dict[str, str]) -> list[Path]:
    """Rewrite every file under ``paths``; the files that changed."""
    changed = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if not path.is_file() or path.suffix not in SUFFIXES:
                continue
            if any(part in (".venv", ".git", "node_modules") for part in path.parts):
                continue
            if path.name == "MOVES.md":
                continue
            text = path.read_text(encoding="utf-8")
            new = (
                rewrite_python(text, moves) if path.suffix == ".py" else rewrite_names(text, moves)
            )
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=Path, default=Path(__file__).parent.parent / "MOVES.md")
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in rewrite_tree(args.paths, read_moves(args.moves)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
