"""Where a fresh login may send the browser: only a path on this site, normalised first.

Browsers drop tabs and newlines from a ``Location`` and read ``\\`` as ``/``, so
``/%09/evil.example`` or ``/\\evil.example`` become ``//evil.example``, another site. The target
is therefore parsed and checked as the browser will read it, and anything doubtful is refused
(the caller then sends the user home) rather than repaired.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit, urlunsplit

MAX_LENGTH = 2000


def _has_unsafe_characters(text: str) -> bool:
    """Control characters, whitespace and backslashes: what browsers strip or reinterpret."""
    return any(
        char == "\\" or char.isspace() or unicodedata.category(char).startswith("C")
        for char in text
    )


def same_site_path(target: str | None) -> str | None:
    """``target`` as a same-site absolute path (with its query), or None when it is anything else.

    Refused: schemes and hosts (``https://x``, ``//x``, ``javascript:``), relative paths, control
    characters, whitespace and backslashes, raw or percent-encoded, and over-long values.
    """
    if not target or len(target) > MAX_LENGTH or not target.startswith("/"):
        return None
    if target.startswith("//") or unquote(target).startswith("//"):
        return None  # a host, however many slashes (``///x`` parses as the path ``/x``)
    decoded = unquote(target)
    if _has_unsafe_characters(target) or _has_unsafe_characters(decoded):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, "")) or None
