"""What a file really is, from its first bytes, and whether the node may store and serve it.

Offices' servers mislabel files and proxies answer with HTML error pages under the name of the
image asked for. Serving such a file from the node with the claimed type would hand third
parties an HTML page (or a script) from our origin, so a file is accepted only when

* its magic bytes are one of :data:`ALLOWED` (PNG, JPEG, GIF, TIFF, PDF), and
* it matches what the record claims (file extension or ST.96 format category), when it claims
  anything, and
* it is not larger than the configured limit.

SVG is refused, not sanitised: it is XML that can carry scripts and external references, and
a sanitiser is a large attack surface for a format no ST.96 image category requires.
"""

from __future__ import annotations

from pathlib import PurePosixPath

#: Bytes read before deciding; every signature below fits in the first few bytes.
SNIFF_BYTES = 512

#: Default largest document accepted when harvesting (design views and PDFs stay well below).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

PNG, JPEG, GIF, TIFF, PDF = "image/png", "image/jpeg", "image/gif", "image/tiff", "application/pdf"
ALLOWED = (PNG, JPEG, GIF, TIFF, PDF)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"%PDF-", PDF),
)

_EXTENSIONS = {
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".jpe": JPEG,
    ".gif": GIF,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".pdf": PDF,
}

#: ST.96 ``com:ImageFormatCategory`` / ``dgn:ViewFileFormatCategory`` values and ST.66 formats.
_CATEGORIES = {
    "PNG": PNG,
    "JPEG": JPEG,
    "JPG": JPEG,
    "GIF": GIF,
    "TIFF": TIFF,
    "TIF": TIFF,
    "PDF": PDF,
}

_TEXT_HINTS = (
    (b"<!doctype html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<svg", "an SVG image (refused: it can carry scripts)"),
    (b"<?xml", "an XML document"),
    (b"{", "a JSON document"),
)


class Refused(ValueError):
    """The file is not what the record claims, or not a type the node serves; says why."""


def sniff(head: bytes) -> str | None:
    """The MIME type of an allowed format whose signature ``head`` starts with, else None."""
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime
    return None


def describe(head: bytes) -> str:
    """A few words on what an unaccepted file looks like, for the office's feedback."""
    if not head:
        return "an empty file"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for prefix, words in _TEXT_HINTS:
        if text.startswith(prefix) or (prefix == b"<svg" and b"<svg" in text):
            return words
    return "a file of unknown type"


def claimed_type(filename: str | None, category: str | None = None) -> str | None:
    """The type the record claims: its format category first, else its file extension."""
    if category and category.strip().upper() in _CATEGORIES:
        return _CATEGORIES[category.strip().upper()]
    if filename:
        return _EXTENSIONS.get(PurePosixPath(filename.split("?")[0]).suffix.lower())
    return None


def check(head: bytes, claimed: str | None) -> str:
    """The accepted MIME type of a file starting with ``head``, or :class:`Refused`."""
    actual = sniff(head)
    if actual is None:
        raise Refused(f"the file is {describe(head)}, not one of PNG, JPEG, GIF, TIFF or PDF")
    if claimed is not None and claimed != actual:
        raise Refused(f"the record says {_label(claimed)} but the file is {_label(actual)}")
    return actual


def check_size(size: int, max_bytes: int) -> None:
    """Refuse files above ``max_bytes`` (called while streaming, so nothing huge is kept)."""
    if size > max_bytes:
        raise Refused(f"the file is larger than the {max_bytes} bytes allowed")


def _label(mime: str) -> str:
    return {PDF: "PDF"}.get(mime, mime.split("/")[-1].upper())
