"""The bounds of one office response: redirects within the site, inflating within limits."""

from __future__ import annotations

import zlib

import pytest

from harvester.client import OAIClient
from harvester.faults import TooLarge, UnsupportedEncoding
from harvester.transport import Limits, _Inflater, same_site
from tests.serving import serve


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


def _page_app(body: bytes, headers: dict[str, str]):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/xml"), *headers.items()])
        return [body]

    return app


OAI_PAGE = (b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListIdentifiers>'
            b"<header><identifier>oai:kh:1</identifier><datestamp>2024-01-01</datestamp>"
            b"</header></ListIdentifiers></OAI-PMH>")  # fmt: skip


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "identity"])
def test_an_honest_compressed_page_is_read_whole(encoding):
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}.get(encoding)
    body = _packed(OAI_PAGE, wbits) if wbits else OAI_PAGE
    with serve(_page_app(body, {"Content-Encoding": encoding})) as url:
        client = OAIClient(url, timeout=5)
        page = client.page("ListIdentifiers", metadataPrefix="st66")
        client.close()
    assert [i.header.identifier for i in page.items] == ["oai:kh:1"]


def test_an_announced_length_over_the_limit_is_refused_unread():
    app = _page_app(OAI_PAGE, {"Content-Length": str(len(OAI_PAGE))})
    with serve(app) as url:
        client = OAIClient(url, timeout=5, limits=Limits(max_wire_bytes=len(OAI_PAGE) - 1))
        with pytest.raises(TooLarge, match="announced"):
            client.page("ListIdentifiers", metadataPrefix="st66")
        client.close()
