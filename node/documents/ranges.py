"""Byte ranges (RFC 9110 §14): which parts of a representation a ``Range`` request gets.

Kept apart from the view and free of Flask so the rules are tested directly: suffix ranges,
ranges running past the end (clipped), unsatisfiable ones (skipped; all of them → 416), and
how many ranges one request may ask for before the server answers with the whole file (a
request for thousands of tiny ranges is a known way to make a server work for nothing).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from werkzeug.http import parse_range_header

#: More ranges than this and the Range header is ignored (RFC 9110 allows ignoring it).
MAX_RANGES = 16


@dataclass(frozen=True, slots=True)
class Span:
    """Bytes ``[start, end)`` of a representation of ``length`` bytes."""

    start: int
    end: int

    def content_range(self, length: int) -> str:
        return f"bytes {self.start}-{self.end - 1}/{length}"


class Unsatisfiable(Exception):
    """No requested range overlaps the representation: answer 416."""


def resolve(header: str | None, length: int) -> list[Span] | None:
    """The spans to send, or None to send the whole representation (no or ignored Range).

    Raises :class:`Unsatisfiable` when the header is valid but no range can be served.
    """
    if not header:
        return None
    parsed = parse_range_header(header)
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) > MAX_RANGES:
        return None
    spans = [span for span in (_span(start, stop, length) for start, stop in parsed.ranges) if span]
    if not spans:
        raise Unsatisfiable(f"bytes */{length}")
    return spans


def _span(start: int, stop: int | None, length: int) -> Span | None:
    """One range clipped to the representation; None when it lies wholly past the end."""
    if start < 0:  # suffix range: the last -start bytes
        return Span(max(0, length + start), length) if length else None
    if start >= length:
        return None
    return Span(start, length if stop is None else min(stop, length))


@dataclass(frozen=True)
class Multipart:
    """A ``multipart/byteranges`` body over ``spans``, with its exact length known up front."""

    spans: list[Span]
    length: int
    content_type: str
    boundary: str = ""

    def __post_init__(self) -> None:
        if not self.boundary:
            object.__setattr__(self, "boundary", secrets.token_hex(16))

    @property
    def media_type(self) -> str:
        return f"multipart/byteranges; boundary={self.boundary}"

    def _part_header(self, span: Span) -> bytes:
        return (
            f"--{self.boundary}\r\nContent-Type: {self.content_type}\r\n"
            f"Content-Range: {span.content_range(self.length)}\r\n\r\n"
        ).encode("ascii")

    def _closing(self) -> bytes:
        return f"--{self.boundary}--\r\n".encode("ascii")

    def content_length(self) -> int:
        parts = sum(len(self._part_header(s)) + (s.end - s.start) + 2 for s in self.spans)
        return parts + len(self._closing())

    def body(self, read: Callable[[int, int], Iterator[bytes]]) -> Iterator[bytes]:
        """Stream the parts; ``read(start, end)`` yields the bytes of one span."""
        for span in self.spans:
            yield self._part_header(span)
            yield from read(span.start, span.end)
            yield b"\r\n"
        yield self._closing()
