"""A content-addressed blob store: a document is kept once, under the SHA-256 of its bytes.

Content addressing makes duplicates free (the same mark image referenced by a thousand records
is stored once), makes writes idempotent (a resumed harvest writes the same key again, which is
a no-op) and gives the server a strong ETag for nothing.

Two backends behind :class:`DocumentStore`:

* :class:`FilesystemStore` — ``<root>/sha256/ab/cd/<digest>``; bytes are streamed to a
  temporary file under ``<root>/tmp`` (same filesystem), fsynced, then renamed into place, so
  a reader never sees half a file and a crash leaves only a stray temporary file;
* :class:`S3Store` — any S3-compatible service (``DOCUMENT_STORE=s3://bucket/prefix``, endpoint
  from ``DOCUMENT_S3_ENDPOINT_URL`` or boto3's own ``AWS_ENDPOINT_URL``); the upload is spooled
  to a local temporary file first because the key is only known once the last byte is hashed.

Both stream in chunks: nothing here ever holds a whole document in memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from store.document_sniff import SNIFF_BYTES, check_size

CHUNK_SIZE = 256 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")

#: Called once with the first bytes of an upload; raising aborts it and nothing is stored.
Inspector = Callable[[bytes], None]


@dataclass(frozen=True, slots=True)
class StoredBlob:
    """The outcome of one ``put``: ``created`` is False when the bytes were already stored."""

    sha256: str
    size: int
    head: bytes
    created: bool


def valid_digest(value: str) -> bool:
    """A lowercase hex SHA-256: the only key shape accepted (no path tricks reach the disk)."""
    return bool(_DIGEST.fullmatch(value))


def _key_parts(digest: str) -> tuple[str, str, str]:
    if not valid_digest(digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
    return digest[:2], digest[2:4], digest


class DocumentStore(ABC):
    """What the harvester and the server need from a store; see the module docstring."""

    @abstractmethod
    def put(
        self,
        chunks: Iterable[bytes],
        *,
        inspect: Inspector | None = None,
        max_bytes: int | None = None,
    ) -> StoredBlob:
        """Store the bytes of ``chunks``; :class:`~store.document_sniff.Refused` from
        ``inspect`` or the size limit aborts the upload without storing anything."""

    @abstractmethod
    def exists(self, digest: str) -> bool:
        """Whether a blob is stored under ``digest``."""

    @abstractmethod
    def size(self, digest: str) -> int | None:
        """Size in bytes, or None when absent."""

    @abstractmethod
    def read(self, digest: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes ``[start, end)`` in chunks of at most :data:`CHUNK_SIZE`."""

    @abstractmethod
    def delete(self, digest: str) -> None:
        """Remove a blob (absent is fine): only for garbage collection of unreferenced blobs."""


def spool(
    chunks: Iterable[bytes], sink: IO[bytes], inspect: Inspector | None, max_bytes: int | None
) -> tuple[str, int, bytes]:
    """Copy ``chunks`` to ``sink`` while hashing; returns (sha256, size, first bytes)."""
    digest, size, head, inspected = hashlib.sha256(), 0, b"", inspect is None
    for chunk in chunks:
        if not chunk:
            continue
        size += len(chunk)
        if max_bytes is not None:
            check_size(size, max_bytes)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        if not inspected and len(head) >= SNIFF_BYTES:
            inspect(head)
            inspected = True
        digest.update(chunk)
        sink.write(chunk)
    if not inspected:
        inspect(head)
    return digest.hexdigest(), size, head


class FilesystemStore(DocumentStore):
    """Blobs as files under ``root``, fanned out over two directory levels of 256 each."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, digest: str) -> Path:
        first, second, name = _key_parts(digest)
        return self.root / "sha256" / first / second / name

    def put(self, chunks, *, inspect=None, max_bytes=None) -> StoredBlob:
        handle = tempfile.NamedTemporaryFile(dir=self.tmp, delete=False, prefix="put-")  # noqa: SIM115 - renamed into place, so not deleted on close
        try:
            with handle:
                digest, size, head = spool(chunks, handle, inspect, max_bytes)
                handle.flush()
                os.fsync(handle.fileno())
            created = self._place(Path(handle.name), digest)
        finally:
            Path(handle.name).unlink(missing_ok=True)
        return StoredBlob(digest, size, head, created)

    def _place(self, temporary: Path, digest: str) -> bool:
        """Rename into place unless already there (then the duplicate is simply dropped)."""
        final = self.path(digest)
        if final.exists():
            return False
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temporary, 0o644)
        os.replace(temporary, final)
        return True

    def exists(self, digest: str) -> bool:
        return valid_digest(digest) and self.path(digest).is_file()

    def size(self, digest: str) -> int | None:
        try:
            return self.path(digest).stat().st_size if valid_digest(digest) else None
        except FileNotFoundError:
            return None

    def read(self, digest: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        with open(self.path(digest), "rb") as handle:
            handle.seek(start)
            remaining = None if end is None else end - start
            while remaining is None or remaining > 0:
                want = CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining)
                chunk = handle.read(want)
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def delete(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)


class S3Store(DocumentStore):
    """Blobs as objects ``<prefix>sha256/ab/cd/<digest>`` in one bucket of an S3 service."""

    def __init__(self, bucket: str, prefix: str = "", *, client: Any = None, **options: Any):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client if client is not None else _boto3_client(**options)

    def key(self, digest: str) -> str:
        return self.prefix + "sha256/" + "/".join(_key_parts(digest))

    def put(self, chunks, *, inspect=None, max_bytes=None) -> StoredBlob:
        with tempfile.TemporaryFile(prefix="iphub-s3-") as handle:
            digest, size, head = spool(chunks, handle, inspect, max_bytes)
            if self.exists(digest):
                return StoredBlob(digest, size, head, False)
            handle.seek(0)
            self.client.upload_fileobj(handle, self.bucket, self.key(digest))
        return StoredBlob(digest, size, head, True)

    def exists(self, digest: str) -> bool:
        return valid_digest(digest) and self.size(digest) is not None

    def size(self, digest: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return int(answer["ContentLength"])

    def read(self, digest: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        span = f"bytes={start}-" + ("" if end is None else str(end - 1))
        if end is not None and end <= start:
            return
        answer = self.client.get_object(Bucket=self.bucket, Key=self.key(digest), Range=span)
        body = answer["Body"]
        try:
            yield from body.iter_chunks(CHUNK_SIZE)
        finally:
            body.close()

    def delete(self, digest: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(digest))


def _boto3_client(**options: Any) -> Any:
    """Imported late: boto3 is an optional dependency (``pip install iphub[s3]``)."""
    try:
        import boto3
    except ImportError:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "DOCUMENT_STORE is an s3:// URL but boto3 is not installed; "
            "run `pip install iphub[s3]` or use a directory"
        ) from None
    return boto3.client("s3", **{k: v for k, v in options.items() if v})


def open_store(location: str | os.PathLike[str], config: Mapping[str, Any] | None = None):
    """The store named by ``DOCUMENT_STORE``: ``s3://bucket/prefix`` or a directory."""
    config = config or {}
    text = os.fspath(location)
    if text.startswith("s3://"):
        bucket, _, prefix = text[len("s3://") :].partition("/")
        return S3Store(
            bucket,
            prefix,
            endpoint_url=config.get("DOCUMENT_S3_ENDPOINT_URL"),
            region_name=config.get("DOCUMENT_S3_REGION"),
        )
    return FilesystemStore(text)
