"""Download the official schemas: WIPO's ST.96 package and the OAI-PMH / Dublin Core set.

WIPO publishes the ST.96 schemas as a zip; its layout has changed between releases
(per-namespace folders or one flat folder), so every ``*.xsd`` member is taken by its file name
alone, which is how the flattened V6_0 set imports its siblings.

The OAI-PMH set is five files from their publishers (openarchives.org, dublincore.org, w3.org);
their imports point at each other's official URLs, so each import whose file is in the set is
rewritten to the local file name: validating never goes to the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import requests

from xsd.locate import MARKER, OAI_FILES, PROJECT_ROOT

DEFAULT_URL = "https://www.wipo.int/standards/XMLSchema/ST96/V6_0/ST96_V6_0_Flattened.zip"
DEFAULT_DEST = PROJECT_ROOT / "instance" / "st96" / "V6_0"
OAI_DEST = PROJECT_ROOT / "instance" / "oai-pmh"
#: Each file of the OAI-PMH set at its publisher's address.
OAI_URLS = {
    "OAI-PMH.xsd": "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    "oai_dc.xsd": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    "oai-identifier.xsd": "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
    "simpledc20021212.xsd": "http://dublincore.org/schemas/xmls/simpledc20021212.xsd",
    "xml.xsd": "http://www.w3.org/2001/xml.xsd",
}
MAX_DOWNLOAD = 200 * 1024 * 1024
_SCHEMA_LOCATION = re.compile(rb'(schemaLocation\s*=\s*["\'])([^"\']+)(["\'])')


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


def fetch_oai(dest: Path, *, base: str | None = None, timeout: float = 60.0) -> Path:
    """Download the OAI-PMH set (from ``base``/NAME when a mirror is given) into ``dest``."""
    payloads = {}
    for name in OAI_FILES:
        url = f"{base.rstrip('/')}/{name}" if base else OAI_URLS[name]
        payload = _download(url, timeout)
        if b"http://www.w3.org/2001/XMLSchema" not in payload[:4096]:
            raise FetchError(f"{url} is not an XML schema")
        payloads[name] = local_imports(payload)
    dest.mkdir(parents=True, exist_ok=True)
    for name, payload in payloads.items():  # all or nothing: a half set is never "found"
        (dest / name).write_bytes(payload)
    return dest


def local_imports(schema: bytes) -> bytes:
    """``schemaLocation="http://…/xml.xsd"`` → ``"xml.xsd"`` for the files of the set."""

    def local(match: re.Match) -> bytes:
        name = match.group(2).rsplit(b"/", 1)[-1]
        known = name.decode("ascii", "replace") in OAI_FILES
        return match.group(1) + (name if known else match.group(2)) + match.group(3)

    return _SCHEMA_LOCATION.sub(local, schema)


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
        raise FetchError(f"could not download {url}: {_reason(error)}") from None
    return b"".join(chunks)


def _reason(error: requests.RequestException) -> str:
    """A few words instead of urllib3's paragraph."""
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"HTTP {error.response.status_code}"
    if isinstance(error, requests.Timeout):
        return "timed out"
    if isinstance(error, requests.ConnectionError):
        return f"cannot reach {urlsplit(error.request.url if error.request else '').hostname}"
    return error.__class__.__name__
