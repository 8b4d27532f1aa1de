"""Find the official WIPO ST.96 schema set.

The schemas are WIPO's, not ours, so the project never ships them: a deployment points
``IPHUB_ST96_XSD_DIR`` at an unpacked copy (or runs ``iphub xsd fetch``). During development the
read-only reference copy beside the project (``../shared/st96/V6_0``) is used when present.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "IPHUB_ST96_XSD_DIR"
#: The file whose presence proves a directory holds the ST.96 V6_0 set.
MARKER = "Common_V6_0.xsd"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_CANDIDATES = (
    PROJECT_ROOT / "instance" / "st96" / "V6_0",
    PROJECT_ROOT.parent / "shared" / "st96" / "V6_0",
)

HOW_TO_INSTALL = (
    "ST.96 V6_0 schemas not found. Put WIPO's flattened ST.96 V6_0 schema set in a directory "
    f"and set {ENV_VAR} to it, or run `iphub xsd fetch` (downloads into instance/st96/V6_0). "
    "Until then validation is reported as skipped, never as passed."
)


def st96_dir() -> Path | None:
    """The directory holding ``Common_V6_0.xsd`` and its siblings, or None when absent."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        path = Path(configured).expanduser()
        return path if (path / MARKER).is_file() else None
    for candidate in _DEFAULT_CANDIDATES:
        if (candidate / MARKER).is_file():
            return candidate
    return None


def require_st96_dir() -> Path:
    """Like :func:`st96_dir`, but a clear error instead of None."""
    path = st96_dir()
    if path is None:
        raise FileNotFoundError(HOW_TO_INSTALL)
    return path
