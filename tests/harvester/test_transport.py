"""The bounds of one office response: redirects within the site, inflating within limits."""

from __future__ import annotations

import zlib

import pytest

from harvester.transport import TooLarge, UnsupportedEncoding, _Inflater, same_site


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("http://kh.example/oai2", True),
        ("https://kh.example/oai", True),  # upgraded to https on the same host
        ("http://kh.example:8080/oai", False),
        ("http://evil.example/oai", False),
        ("http://127.0.0.1:5000/oai", False),  # the node itself
        ("file:///etc/passwd", False),
        ("gopher://kh.example/", False),
        ("//kh.example/oai", False),  # no scheme: not resolved against the origin
    ],
)
def test_redirects_stay_on_the_office_site(target, allowed):
    assert same_site("http://kh.example/oai", target) is allowed


def test_https_is_never_downgraded():
    assert not same_site("https://kh.example/oai", "http://kh.example/oai")


def _packed(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [("gzip", 16 + zlib.MAX_WBITS), ("deflate", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS)],
    ids=["gzip", "zlib-deflate", "raw-deflate"],
)
def test_inflating_stops_at_the_limit(encoding, wbits):
    small, bomb = _packed(b"<a/>" * 100, wbits), _packed(b" " * 10_000_000, wbits)
    assert _Inflater(encoding, 1000).feed(small) == b"<a/>" * 100
    inflater = _Inflater(encoding, 100_000)
    with pytest.raises(TooLarge, match="HARVEST_MAX_PAGE_BYTES"):
        for start in range(0, len(bomb), 1024):
            inflater.feed(bomb[start : start + 1024])
    assert inflater.size <= 100_001, "never more than the limit in hand"


def test_plain_bytes_count_too_and_unknown_encodings_are_refused():
    inflater = _Inflater("identity", 10)
    assert inflater.feed(b"0123456789") == b"0123456789"
    with pytest.raises(TooLarge):
        inflater.feed(b"!")
    with pytest.raises(UnsupportedEncoding):
        _Inflater("br", 10)
