"""Push feeding: an office sends a file instead of being harvested; this module reads it.

Accepted: one record (the metadata payload itself, e.g. an ST.66 ``Transaction``), an OAI-PMH
response (``ListRecords``/``GetRecord``, headers and deletions included), or a zip of such
files. :mod:`harvester.upload_runs` stores the file, then ingests these records through the same
:func:`harvester.ingest.ingest_items` as a harvest, under a :class:`HarvestRun` of kind
``"upload"`` with the same accounting.

Nothing sent is silently dropped, and nothing hostile is kept in full: a file that is not XML, a
member over the per-member or total uncompressed limit, a member whose name is too long to be an
identifier, or a zip that cannot be opened is stored as a failed source record under the
synthetic identifier ``upload:<file name>``, with its first ``keep_rejected_bytes`` and, in the
error, its size and SHA-256. The other files go on.

A file of one record carries no OAI-PMH header, so its identifier is the file name without
extension (``KH-40-2024-0001.xml`` → ``KH-40-2024-0001``): offices name files after the record.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from harvester.client import OAI_NS, Header, Item, items_from, payload_bytes
from mappings.errors import SourceError
from mappings.xmlsafe import parse_xml
from store import credentials
from store.base import utcnow
from store.config import FromConfig, setting
from store.database import Database
from store.harvest_state import OfficeUploadKey
from store.uploads import MAX_NAME_CHARS, bounded_name, office_by_code

CHUNK = 1 << 20


@dataclass(frozen=True)
class UploadLimits(FromConfig):
    """What one upload may expand to, and how much of a refused input is kept."""

    #: a zip member above this many bytes uncompressed is refused (``UPLOAD_MAX_MEMBER_BYTES``)
    max_member_bytes: int = setting("UPLOAD_MAX_MEMBER_BYTES")
    #: members past this many bytes uncompressed in total are refused (``UPLOAD_MAX_TOTAL_BYTES``)
    max_total_bytes: int = setting("UPLOAD_MAX_TOTAL_BYTES")
    #: bytes of a refused file or member kept with its error (``UPLOAD_KEEP_REJECTED_BYTES``)
    keep_rejected_bytes: int = setting("UPLOAD_KEEP_REJECTED_BYTES")
    #: a file name longer than this cannot become a record identifier (both stores hold it)
    max_name_chars: int = MAX_NAME_CHARS


DEFAULT_LIMITS = UploadLimits()


# -- keys ---------------------------------------------------------------------------------------


def new_upload_key(db: Database, office_code: str) -> str:
    """Create (or replace) an office's upload key; returns it once, stores only its hash.

    The key is made and hashed like a grant's client secret (:mod:`store.credentials`),
    which is also what checks it (:func:`node.access.principals.check_office_key`).
    """
    key = credentials.new_secret()
    with db.session() as session:
        office = office_by_code(session, office_code)
        row = session.get(OfficeUploadKey, office.id)
        if row is None:
            row = OfficeUploadKey(office_id=office.id)
            session.add(row)
        row.key_sha256, row.created_at = credentials.hash_secret(key), utcnow()
    return key


# -- reading files ------------------------------------------------------------------------------


def _failed(name: str, raw: bytes | None, message: str, limits: UploadLimits) -> Item:
    """A refused file or member: its first bytes kept, its size and digest in the error."""
    if raw is not None and len(raw) > limits.keep_rejected_bytes:
        message += (
            f" (kept the first {limits.keep_rejected_bytes:,} of {len(raw):,} bytes; "
            f"sha256 {hashlib.sha256(raw).hexdigest()})"
        )
        raw = raw[: limits.keep_rejected_bytes]
    return Item(Header(f"upload:{bounded_name(name)}", None), raw, message)


def records_in_xml(name: str, data: bytes, limits: UploadLimits = DEFAULT_LIMITS) -> list[Item]:
    """The records of one XML file (an OAI-PMH response, or a single record)."""
    if len(name) > limits.max_name_chars:
        message = (
            f"{bounded_name(name)}: a file name of {len(name):,} characters (over "
            f"{limits.max_name_chars}) cannot name a record; its records were not read"
        )
        return [_failed(name, data, message, limits)]
    try:
        root = parse_xml(data)
    except SourceError as error:
        return [_failed(name, data, f"{name}: {error}", limits)]
    if root.tag == f"{{{OAI_NS}}}OAI-PMH":
        for verb in ("ListRecords", "GetRecord"):
            if root.find(f"{{{OAI_NS}}}{verb}") is not None:
                return items_from(root, verb)
        return [_failed(name, data, f"{name}: OAI-PMH response without records", limits)]
    identifier = PurePosixPath(name).stem or name
    return [Item(Header(identifier, None), payload_bytes(root))]


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``member``, whatever its header claims (zip bombs)."""
    parts, size = [], 0
    with archive.open(member) as stream:
        while size <= limit and (chunk := stream.read(min(CHUNK, limit + 1 - size))):
            parts.append(chunk)
            size += len(chunk)
    return b"".join(parts)


def _members(archive: zipfile.ZipFile, limits: UploadLimits) -> Iterator[Item]:
    total = 0
    for member in archive.infolist():
        name = member.filename
        if member.is_dir() or name.startswith("__MACOSX/"):
            continue
        room = min(limits.max_member_bytes, max(0, limits.max_total_bytes - total))
        try:
            content = _read_member(archive, member, room)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
            yield _failed(name, None, f"{bounded_name(name)}: unreadable ({error})", limits)
            continue
        total += len(content)
        if len(content) > room:
            which = "per member" if room == limits.max_member_bytes else "in total"
            limit = limits.max_member_bytes if which == "per member" else limits.max_total_bytes
            message = (
                f"{bounded_name(name)}: expands beyond the limit of {limit:,} bytes {which} "
                f"(declared {member.file_size:,}); refused"
            )
            yield _failed(name, content[: limits.keep_rejected_bytes], message, limits)
            continue
        yield from records_in_xml(name, content, limits)


def records_in_upload(
    filename: str, data: bytes, limits: UploadLimits = DEFAULT_LIMITS
) -> Iterator[Item]:
    """Every record of an uploaded file, zip or XML; broken parts become failed items."""
    if not data.startswith(b"PK"):
        yield from records_in_xml(filename, data, limits)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        yield _failed(filename, data, f"{filename}: not a readable zip file ({error})", limits)
        return
    yield from _members(archive, limits)
