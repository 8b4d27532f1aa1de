"""Streamed gzip and deflate content encodings."""

from __future__ import annotations

import gzip
import zlib

import pytest


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip", "gzip", gzip.decompress),
        ("deflate", "deflate", zlib.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("gzip;q=0, deflate", "deflate", zlib.decompress),
        ("br", None, lambda data: data),
        ("identity", None, lambda data: data),
    ],
)
def test_content_encoding(client, helpers, response_schema, store, accept, encoding, decode):
    response = client.get(
        "/oai?verb=ListRecords&metadataPrefix=st96", headers={"Accept-Encoding": accept}
    )
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    root = helpers.check(decode(response.data), response_schema)
    assert len(root.findall("oai:ListRecords/oai:record", helpers.ns)) == 6


def test_response_is_streamed(client, store):
    response = client.get("/oai?verb=ListRecords&metadataPrefix=st96")
    assert response.is_streamed
