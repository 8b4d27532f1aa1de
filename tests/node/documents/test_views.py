"""GET/HEAD /documents/<office>/<ip_type>/<sha256>: grants, HEAD, ETag, Range per RFC 9110."""

from __future__ import annotations

import email
import hashlib

import pytest

from node.extensions import DOCUMENT_ACCESS
from store.models import PublishedRecord
from tests.documents_support import Client, GrantSeam, add_record, attach, trademark

BIG = bytes(range(256)) * 2048  # 512 KiB: several store chunks


@pytest.fixture
def doc(app, db, store, png_bytes):
    """A KH trademark with one mark image; returns (url, bytes, digest)."""
    record = add_record(db, trademark("KH-1", "KH-1.png"))
    sha = attach(db, store, record, png_bytes, "KH-1.png")
    return f"/documents/KH/trademarks/{sha}", png_bytes, sha


@pytest.fixture
def big(app, db, store):
    record = add_record(db, trademark("KH-2", "KH-2.pdf"), ident="2")
    sha = attach(db, store, record, b"%PDF-1.4\n" + BIG, "KH-2.pdf", "application/pdf")
    return f"/documents/KH/trademarks/{sha}", b"%PDF-1.4\n" + BIG


def test_get_serves_the_bytes_with_their_validators(client, doc):
    url, data, sha = doc
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == data
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Length"] == str(len(data))
    assert response.headers["ETag"] == f'"{sha}"'
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["Content-Disposition"] == "inline; filename*=UTF-8''KH-1.png"
    assert "Last-Modified" in response.headers


def test_body_is_streamed_not_buffered(client, big):
    url, data = big
    response = client.get(url, buffered=False)
    assert response.is_streamed
    pieces = list(response.response)
    assert len(pieces) > 1 and b"".join(pieces) == data
    response.close()


def test_head_has_the_get_headers_and_no_body(client, doc):
    url, _, _ = doc
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Accept-Ranges"):
        assert head.headers[name] == get.headers[name]


@pytest.mark.parametrize("tag", ['"{sha}"', 'W/"{sha}"', '"other", "{sha}"', "*"])
def test_if_none_match_gives_304(client, doc, tag):
    url, _, sha = doc
    for method in (client.get, client.head):
        response = method(url, headers={"If-None-Match": tag.format(sha=sha)})
        assert response.status_code == 304 and response.data == b""
        assert response.headers["ETag"] == f'"{sha}"'


def test_if_none_match_other_tag_gives_200(client, doc):
    url, data, _ = doc
    response = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200 and response.data == data


def test_if_modified_since(client, doc):
    url, _, _ = doc
    last = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200


def test_if_match_mismatch_gives_412(client, doc):
    url, _, sha = doc
    assert client.get(url, headers={"If-Match": '"nope"'}).status_code == 412
    assert client.get(url, headers={"If-Match": f'"{sha}"'}).status_code == 200


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 100), ("bytes=1000-", 1000, None), ("bytes=-500", -500, None)],
)
def test_single_range_gives_206(client, big, header, start, end):
    url, data = big
    response = client.get(url, headers={"Range": header})
    expected = data[start:end]
    assert response.status_code == 206
    assert response.data == expected
    assert response.headers["Content-Length"] == str(len(expected))
    first = start if start >= 0 else len(data) + start
    assert response.headers["Content-Range"] == (
        f"bytes {first}-{first + len(expected) - 1}/{len(data)}"
    )


def test_multiple_ranges_give_multipart_byteranges(client, big):
    url, data = big
    response = client.get(url, headers={"Range": "bytes=0-9,300000-300099"})
    assert response.status_code == 206
    assert response.headers["Content-Type"].startswith("multipart/byteranges; boundary=")
    assert response.headers["Content-Length"] == str(len(response.data))
    head = f"Content-Type: {response.headers['Content-Type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + response.data)
    parts = message.get_payload()
    assert [p["Content-Range"] for p in parts] == [
        f"bytes 0-9/{len(data)}",
        f"bytes 300000-300099/{len(data)}",
    ]
    assert [p.get_payload(decode=True) for p in parts] == [data[0:10], data[300000:300100]]


def test_unsatisfiable_range_gives_416(client, big):
    url, data = big
    response = client.get(url, headers={"Range": f"bytes={len(data)}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize("header", ["bytes=9-0", "lines=1-2", "bytes=x"])
def test_invalid_range_is_ignored(client, doc, header):
    url, data, _ = doc
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 200 and response.data == data


def test_if_range(client, big):
    url, data = big
    sha = hashlib.sha256(data).hexdigest()
    same = client.get(url, headers={"Range": "bytes=0-3", "If-Range": f'"{sha}"'})
    assert same.status_code == 206 and same.data == data[:4]
    changed = client.get(url, headers={"Range": "bytes=0-3", "If-Range": '"older"'})
    assert changed.status_code == 200 and changed.data == data


def test_head_ignores_range(client, big):
    url, data = big
    response = client.head(url, headers={"Range": "bytes=0-3"})
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(len(data))


def test_unknown_digest_wrong_office_or_type_is_404(client, doc):
    _, _, sha = doc
    assert client.get(f"/documents/KH/trademarks/{'0' * 64}").status_code == 404
    assert client.get(f"/documents/SG/trademarks/{sha}").status_code == 404
    assert client.get(f"/documents/KH/designs/{sha}").status_code == 404
    assert client.get(f"/documents/KH/bogus/{sha}").status_code == 404
    assert client.get("/documents/KH/trademarks/not-a-digest").status_code == 404


def test_deleted_record_no_longer_serves_its_documents(client, db, doc):
    url, _, _ = doc
    with db.session() as session:
        session.query(PublishedRecord).update({"deleted": True})
    assert client.get(url).status_code == 404


def test_shared_blob_is_served_under_each_office_that_references_it(client, db, store, doc):
    _, data, sha = doc
    other = add_record(db, trademark("SG-1", "logo.png"), office="SG")
    assert attach(db, store, other, data, "logo.png") == sha
    assert client.get(f"/documents/SG/trademarks/{sha}").data == data
    assert len(list((store.root / "sha256").rglob("*"))) == 3  # two fan-out dirs + one file


def test_access_seam_decides(app, client, doc):
    url, data, _ = doc
    app.extensions[DOCUMENT_ACCESS] = GrantSeam(
        Client("docs", "KH", "trademarks", "documents"),
        Client("data", "KH", "trademarks", "data"),
        Client("other", "SG", "trademarks", "documents"),
    )
    assert client.get(url).status_code == 401
    assert client.get(url, headers=Client("data", "", "", "").headers).status_code == 403
    assert client.get(url, headers=Client("other", "", "", "").headers).status_code == 403
    assert client.get(url, headers=Client("docs", "", "", "").headers).data == data
    # 403 before 404: a data-only client cannot probe which documents exist
    missing = f"/documents/KH/trademarks/{'0' * 64}"
    assert client.get(missing, headers=Client("data", "", "", "").headers).status_code == 403
