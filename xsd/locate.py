"""Find the official schema sets: WIPO's ST.96 V6_0 and the OAI-PMH 2.0 / Dublin Core ones.

The schemas are WIPO's and the Open Archives Initiative's, not ours, so the project never ships
them: a deployment points ``IPHUB_ST96_XSD_DIR`` (``IPHUB_OAI_XSD_DIR``) at an unpacked copy or
runs ``iphub xsd fetch``, which downloads them into ``instance/``. During development the
read-only reference copy beside the project (``../shared/``) is used when present. The node
validates only with ST.96; the OAI-PMH set is what the conformance tests validate responses with.
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

OAI_ENV_VAR = "IPHUB_OAI_XSD_DIR"
#: The OAI-PMH set, imports resolved by local file name: OAI-PMH.xsd, oai_dc.xsd with the DCMI
#: schema it imports (and that one's xml.xsd), oai-identifier.xsd for Identify descriptions.
OAI_FILES = ("OAI-PMH.xsd", "oai_dc.xsd", "simpledc20021212.xsd", "xml.xsd", "oai-identifier.xsd")
_OAI_CANDIDATES = (
    PROJECT_ROOT / "instance" / "oai-pmh",
    PROJECT_ROOT.parent / "shared" / "oai-pmh",
)
FETCH_COMMAND = "iphub xsd fetch"

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


def oai_dir() -> Path | None:
    """The directory holding every file of :data:`OAI_FILES`, or None when absent."""
    configured = os.environ.get(OAI_ENV_VAR)
    candidates = (Path(configured).expanduser(),) if configured else _OAI_CANDIDATES
    for candidate in candidates:
        if all((candidate / name).is_file() for name in OAI_FILES):
            return candidate
    return None
