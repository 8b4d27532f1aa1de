"""Range resolution per RFC 9110 §14, without Flask."""

from __future__ import annotations

import pytest

from node.documents.ranges import MAX_RANGES, Multipart, Span, Unsatisfiable, resolve


@pytest.mark.parametrize(
    ("header", "spans"),
    [
        ("bytes=0-9", [Span(0, 10)]),
        ("bytes=90-", [Span(90, 100)]),
        ("bytes=-10", [Span(90, 100)]),
        ("bytes=-1000", [Span(0, 100)]),  # suffix longer than the file: the whole file
        ("bytes=95-200", [Span(95, 100)]),  # clipped at the end
        ("bytes=0-0,-1", [Span(0, 1), Span(99, 100)]),
        ("bytes=0-9,200-300", [Span(0, 10)]),  # unsatisfiable parts are dropped
    ],
)
def test_satisfiable(header, spans):
    assert resolve(header, 100) == spans


@pytest.mark.parametrize("header", [None, "", "items=0-9", "bytes=9-0", "bytes=abc", "bytes"])
def test_missing_or_invalid_headers_mean_the_whole_file(header):
    assert resolve(header, 100) is None


def test_too_many_ranges_are_ignored():
    header = "bytes=" + ",".join(f"{i}-{i}" for i in range(MAX_RANGES + 1))
    assert resolve(header, 1000) is None


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=100-200,300-400"])
def test_unsatisfiable(header):
    with pytest.raises(Unsatisfiable, match=r"bytes \*/100"):
        resolve(header, 100)


def test_empty_file_suffix_is_unsatisfiable():
    with pytest.raises(Unsatisfiable):
        resolve("bytes=-5", 0)


def test_multipart_length_is_exact():
    data = bytes(range(100))
    parts = Multipart([Span(0, 3), Span(50, 60)], 100, "image/png", boundary="B")
    body = b"".join(parts.body(lambda start, end: iter([data[start:end]])))
    assert len(body) == parts.content_length()
    assert body.startswith(
        b"--B\r\nContent-Type: image/png\r\nContent-Range: bytes 0-2/100\r\n\r\n"
    )
    assert body.endswith(b"\r\n--B--\r\n")
