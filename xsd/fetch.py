"""Download WIPO's ST.96 schema package and unpack its .xsd files, flattened, into one folder.

WIPO publishes the schemas as a zip; its layout has changed between releases (per-namespace
folders or one flat folder), so every ``*.xsd`` member is taken by its file name alone, which
is how the flattened V6_0 set imports its siblings.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

import requests

from xsd.locate import MARKER, PROJECT_ROOT

DEFAULT_URL = "https://www.wipo.int/standards/XMLSchema/ST96/V6_0/ST96_V6_0_Flattened.zip"
DEFAULT_DEST = PROJECT_ROOT / "instance" / "st96" / "V6_0"
MAX_DOWNLOAD = 200 * 1024 * 1024


class FetchError(RuntimeError):
    """The package could not be downloaded or is not an ST.96 schema package."""


def fetch(url: str, dest: Path, *, timeout: float = 60.0) -> Path:
    """Download ``url`` and install its schemas in ``dest``; returns ``dest``."""
    payload = _download(url, timeout)
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        raise FetchError(f"{url} did not return a zip file") from None
    members = [m for m in archive.infolist() if m.filename.lower().endswith(".xsd")]
    if not any(PurePosixPath(m.filename).name == MARKER for m in members):
        raise FetchError(f"{url} holds no {MARKER}: not the ST.96 V6_0 schema package")
    dest.mkdir(parents=True, exist_ok=True)
    for member in members:
        # Only the base name is used: a member named "../../x.xsd" cannot escape dest.
        (dest / PurePosixPath(member.filename).name).write_bytes(archive.read(member))
    return dest


def _download(url: str, timeout: float) -> bytes:
    try:
        with requests.get(url, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            chunks, size = [], 0
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    raise FetchError(f"{url} is larger than {MAX_DOWNLOAD // 2**20} MB")
                chunks.append(chunk)
    except requests.RequestException as error:
        raise FetchError(f"could not download {url}: {error}") from None
    return b"".join(chunks)
