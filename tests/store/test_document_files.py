"""The content-addressed store, on the filesystem and on S3 (moto), through one interface."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from store.document_files import CHUNK_SIZE, FilesystemStore, S3Store, open_store
from store.document_sniff import Refused, check

BUCKET = "iphub-test-documents"


@pytest.fixture(params=["filesystem", "s3"])
def any_store(request, tmp_path: Path):
    if request.param == "filesystem":
        yield FilesystemStore(tmp_path / "documents")
        return
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield S3Store(BUCKET, "node-a", client=client)


def chunks(data: bytes, size: int = 1000):
    return (data[i : i + size] for i in range(0, len(data), size))


def test_put_names_blobs_by_sha256_and_stores_duplicates_once(any_store, png_bytes):
    first = any_store.put(chunks(png_bytes))
    second = any_store.put(chunks(png_bytes, 7))
    assert first.sha256 == second.sha256 == hashlib.sha256(png_bytes).hexdigest()
    assert (first.created, second.created) == (True, False)
    assert first.size == len(png_bytes) and first.head == png_bytes[:512]
    assert any_store.exists(first.sha256) and any_store.size(first.sha256) == len(png_bytes)


def test_read_streams_ranges_in_bounded_chunks(any_store):
    data = bytes(range(256)) * 4096  # 1 MiB
    blob = any_store.put(chunks(data, 65536))
    pieces = list(any_store.read(blob.sha256))
    assert b"".join(pieces) == data
    assert max(len(p) for p in pieces) <= CHUNK_SIZE
    assert b"".join(any_store.read(blob.sha256, 1000, 300_000)) == data[1000:300_000]
    assert b"".join(any_store.read(blob.sha256, 5, 5)) == b""


def test_refused_upload_stores_nothing(any_store, tmp_path: Path):
    html = b"<html>" + b"x" * 2000
    with pytest.raises(Refused):
        any_store.put(chunks(html), inspect=lambda head: check(head, "image/png"))
    assert not any_store.exists(hashlib.sha256(html).hexdigest())


def test_size_limit_aborts_while_streaming(any_store):
    with pytest.raises(Refused, match="larger than"):
        any_store.put(chunks(b"x" * 5000), max_bytes=4096)
    assert not any_store.exists(hashlib.sha256(b"x" * 5000).hexdigest())


def test_small_files_are_inspected_once_at_the_end(any_store):
    seen = []
    any_store.put([b"GIF89a", b"tiny"], inspect=seen.append)
    assert seen == [b"GIF89atiny"]


def test_delete_and_absent(any_store, png_bytes):
    blob = any_store.put([png_bytes])
    any_store.delete(blob.sha256)
    assert not any_store.exists(blob.sha256) and any_store.size(blob.sha256) is None


def test_filesystem_layout_is_fanned_out_and_leaves_no_temporaries(tmp_path: Path, png_bytes):
    store = FilesystemStore(tmp_path)
    blob = store.put([png_bytes])
    d = blob.sha256
    assert (tmp_path / "sha256" / d[:2] / d[2:4] / d).read_bytes() == png_bytes
    with pytest.raises(Refused):
        store.put([b"<html>"], inspect=lambda head: check(head, None))
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "abc", "0" * 63 + "/"])
def test_keys_other_than_digests_never_reach_the_disk(tmp_path: Path, bad):
    store = FilesystemStore(tmp_path)
    assert not store.exists(bad) and store.size(bad) is None
    with pytest.raises(ValueError):
        store.path(bad)


def test_open_store_picks_the_backend(tmp_path: Path):
    assert isinstance(open_store(tmp_path / "docs"), FilesystemStore)
    pytest.importorskip("boto3")
    s3 = open_store("s3://bucket/some/prefix", {"DOCUMENT_S3_REGION": "us-east-1"})
    assert isinstance(s3, S3Store)
    assert s3.key("ab" * 32) == "some/prefix/sha256/ab/ab/" + "ab" * 32
