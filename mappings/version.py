"""Which mapping, vocabulary and rules produced a published record: its processing version.

A published record is a function of the office's original bytes and of three things the hub
changes over time: the mapper of the record's format, the office's vocabularies, and the quality
rules. Each published record carries the version string of the three that produced it, so
``iphub reprocess --outdated`` redoes exactly the records an older version produced.

The string is derived, not maintained by hand, so it cannot be forgotten:

* mapping: :data:`MAPPING_VERSIONS` (a constant per format, bumped to force a re-map without a
  code change, e.g. after fixing the XSDs) and a hash of the format's mapper code and of the code
  every mapper shares (parsing, rendering, the pipeline);
* vocabulary: a hash of the vocabulary files the office's records are mapped with
  (``default*.toml`` and the office's own ``XX*.toml``): one office's vocabulary change leaves
  the other offices' records current;
* rules: :data:`RULES_VERSION` and a hash of the rules package.

A code change that does not change any output (a comment, a refactoring) makes records outdated
too; reprocessing them then republishes nothing (their bytes and findings are the same), it only
costs the time to check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from mappings import vocabulary, vocabulary_supplements

__all__ = ["MAPPING_VERSIONS", "RULES_VERSION", "processing_version", "reload"]

HERE = Path(__file__).resolve().parent

#: metadata prefix → mapping version; bump one to make ``--outdated`` redo that format's records.
MAPPING_VERSIONS: dict[str, int] = {"st36": 1, "st66": 1, "st86": 1, "st96": 1, "sg-tm": 1}
#: bump to make ``--outdated`` redo every record's findings.
RULES_VERSION = 1

#: metadata prefix → the code of its mapper (a package directory or a module), under mappings/.
_MAPPER_CODE: dict[str, tuple[str, ...]] = {
    "st36": ("st36",),
    "st66": ("st66",),
    "st86": ("st86",),
    "st96": ("st96.py",),
    "sg-tm": ("sgtm", "st66"),  # the Singapore mapper reuses the ST.66 building blocks
}
#: Code every format's output depends on.
_SHARED_CODE = ("pipeline.py", "framework", "dc.py", "dc_fields.py", "model.py", "xmlsafe.py",
                "errors.py", "vocabulary.py", "vocabulary_supplements.py", "st96.py")  # fmt: skip
_RULES_CODE = ("rules",)
_DIGITS = 8


def _files(names: Iterable[str]) -> list[Path]:
    """The files of ``names`` (modules, or packages walked for ``*.py``), in a stable order."""
    found: list[Path] = []
    for name in names:
        path = HERE / name
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def _digest(paths: Iterable[Path]) -> str:
    """A short hash of the files' names and bytes (a missing file counts as empty)."""
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.name.encode() + b"\0")
        if path.is_file():
            sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()[:_DIGITS]


@lru_cache(maxsize=16)
def _code_digest(names: tuple[str, ...]) -> str:
    return _digest(_files(names))


@lru_cache(maxsize=256)
def _vocabulary_digest(office_code: str) -> str:
    folder = vocabulary.VOCAB_DIR
    code = (office_code or "").strip().upper()
    paths = sorted(folder.glob("default*.toml"))
    if code:
        paths += sorted(folder.glob(f"{code}.*toml"))
    return _digest(paths)


@lru_cache(maxsize=1024)
def processing_version(metadata_prefix: str, office_code: str) -> str:
    """The version string of what maps, checks and renders ``metadata_prefix`` records of
    ``office_code`` in this process, e.g. ``st66.1-3f2a9c1e+voc-0b4d77aa+rules.1-9e03c2f1``
    (under 100 characters: the column's size)."""
    mapping = MAPPING_VERSIONS.get(metadata_prefix, 0)
    code = _code_digest(_MAPPER_CODE.get(metadata_prefix, ()) + _SHARED_CODE)
    return (
        f"{metadata_prefix}.{mapping}-{code}+voc-{_vocabulary_digest(office_code)}"
        f"+rules.{RULES_VERSION}-{_code_digest(_RULES_CODE)}"
    )


def reload() -> None:
    """Forget the vocabularies and versions read so far: the next record reads the files again
    (a long-lived process after a vocabulary file changed; tests that change one)."""
    vocabulary._load.cache_clear()
    vocabulary_supplements.load_supplement.cache_clear()
    for cached in (processing_version, _vocabulary_digest, _code_digest):
        cached.cache_clear()
