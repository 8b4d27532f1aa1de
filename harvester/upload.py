"""Push feeding: an office sends a file instead of being harvested.

Accepted: one record (the metadata payload itself, e.g. an ST.66 ``Transaction``), an OAI-PMH
response (``ListRecords``/``GetRecord``, headers and deletions included), or a zip of such
files. Every record goes through the same :func:`harvester.ingest.ingest_items` as a harvest,
under a :class:`HarvestRun` of kind ``"upload"`` with the same accounting.

Nothing sent is thrown away: a file that is not XML, a member too large, or a zip that cannot
be opened is stored as a failed source record (raw bytes and error) under the synthetic
identifier ``upload:<file name>``, and the other files go on.

A file of one record carries no OAI-PMH header, so its identifier is the file name without
extension (``KH-40-2024-0001.xml`` → ``KH-40-2024-0001``): offices name files after the record.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import secrets
import time
import zipfile
from collections.abc import Iterator
from itertools import islice
from pathlib import PurePosixPath

from sqlalchemy import select

from harvester import locks
from harvester.client import OAI_NS, Header, Item, items_from, payload_bytes
from harvester.ingest import Target, ingest_items, ip_type_for
from harvester.runner import RunSummary
from harvester.settings import HarvestSettings
from mappings.errors import SourceError
from mappings.xmlsafe import parse_xml
from node.monitoring.hooks import run_finished
from node.storage.base import utcnow
from node.storage.database import Database
from node.storage.harvest_state import OfficeUploadKey
from node.storage.models import HarvestRun, Office

log = logging.getLogger("iphub.harvester")

BATCH = 100
MAX_MEMBER_BYTES = 20_000_000
MAX_TOTAL_BYTES = 2_000_000_000
"""Zip bombs: a member above 20 MB, or a zip expanding beyond 2 GB, is refused."""


class UploadError(ValueError):
    """The upload cannot be accepted at all (unknown office, unsupported prefix)."""


# -- keys ---------------------------------------------------------------------------------------


def _digest(key: str) -> str:
    """SHA-256 suffices: keys are 256-bit random tokens, not passwords people choose."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_upload_key(db: Database, office_code: str) -> str:
    """Create (or replace) an office's upload key; returns it once, stores only its hash."""
    key = secrets.token_urlsafe(32)
    with db.session() as session:
        office = _office(session, office_code)
        row = session.get(OfficeUploadKey, office.id)
        if row is None:
            row = OfficeUploadKey(office_id=office.id)
            session.add(row)
        row.key_sha256, row.created_at = _digest(key), utcnow()
    return key


def check_upload_key(db: Database, office_code: str, key: str) -> bool:
    with db.session() as session:
        stored = session.scalar(
            select(OfficeUploadKey.key_sha256)
            .join(Office, Office.id == OfficeUploadKey.office_id)
            .where(Office.code == office_code.upper())
        )
    return stored is not None and hmac.compare_digest(stored, _digest(key))


def _office(session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code.upper()))
    if office is None:
        raise UploadError(f"no office {code.upper()}; add it with `iphub office add`")
    return office


# -- reading files ------------------------------------------------------------------------------


def _failed(name: str, raw: bytes | None, message: str) -> Item:
    return Item(Header(f"upload:{name}", None), raw, message)


def records_in_xml(name: str, data: bytes) -> list[Item]:
    """The records of one XML file (an OAI-PMH response, or a single record)."""
    try:
        root = parse_xml(data)
    except SourceError as error:
        return [_failed(name, data, f"{name}: {error}")]
    if root.tag == f"{{{OAI_NS}}}OAI-PMH":
        for verb in ("ListRecords", "GetRecord"):
            if root.find(f"{{{OAI_NS}}}{verb}") is not None:
                return items_from(root, verb)
        return [_failed(name, data, f"{name}: OAI-PMH response without records")]
    identifier = PurePosixPath(name).stem or name
    return [Item(Header(identifier, None), payload_bytes(root))]


def records_in_upload(filename: str, data: bytes) -> Iterator[Item]:
    """Every record of an uploaded file, zip or XML; broken parts become failed items."""
    if not data.startswith(b"PK"):
        yield from records_in_xml(filename, data)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        yield _failed(filename, data, f"{filename}: not a readable zip file ({error})")
        return
    total = 0
    for member in archive.infolist():
        if member.is_dir() or member.filename.startswith("__MACOSX/"):
            continue
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            yield _failed(member.filename, None, f"{member.filename}: too large "
                          f"({member.file_size:,} bytes); refused")  # fmt: skip
            continue
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            yield _failed(member.filename, None, f"{member.filename}: unreadable ({error})")
            continue
        yield from records_in_xml(member.filename, content)


# -- the run ------------------------------------------------------------------------------------


def upload(
    db: Database,
    office_code: str,
    filename: str,
    data: bytes,
    metadata_prefix: str,
    settings: HarvestSettings,
) -> RunSummary:
    """Ingest an uploaded file as a run of kind ``"upload"``; one upload per office at a time."""
    if ip_type_for(metadata_prefix) == "unknown":
        raise UploadError(f"metadata prefix {metadata_prefix!r} is not supported")
    with db.session() as session:
        office = _office(session, office_code)
        target = Target(office.id, office.code, metadata_prefix, settings.repository_identifier)
        run = HarvestRun(office_id=office.id, kind="upload", errors=[])
        session.add(run)
        session.flush()
        run_id = run.id
    summary = RunSummary(target.office_code, metadata_prefix, run_id, "running")
    lease = locks.acquire(db, f"upload:{target.office_code}", ttl=settings.lease_ttl)
    if lease is None:
        _finish(db, run_id, summary, "failed", "another upload of this office is in progress")
        return summary
    started = time.monotonic()
    with lease:
        items = records_in_upload(filename, data)
        while batch := list(islice(items, BATCH)):
            _store(db, target, run_id, batch, summary)
    summary.seconds = time.monotonic() - started
    _finish(db, run_id, summary, "partial" if summary.counts["failed"] else "succeeded", "")
    log.info("%s", summary.line())
    run_finished(db, run_id)
    return summary


def _store(db: Database, target: Target, run_id: int, batch: list[Item], summary) -> None:
    with db.session() as session:
        run = session.get(HarvestRun, run_id)
        counts, _ = ingest_items(session, target, run, batch)
        for outcome, n in counts.items():
            setattr(run, outcome, getattr(run, outcome) + n)
            summary.counts[outcome] += n
        run.pages += 1
        errors = [{"at": utcnow().isoformat() + "Z", "page": run.pages, "kind": "record",
                   "message": i.error} for i in batch if i.error]  # fmt: skip
        if errors:
            run.errors = [*(run.errors or []), *errors][-500:]
            run.last_error = errors[-1]["message"]
    summary.pages += 1


def _finish(db: Database, run_id: int, summary: RunSummary, status: str, message: str) -> None:
    with db.session() as session:
        run = session.get(HarvestRun, run_id)
        run.status, run.ended_at = status, utcnow()
        if message:
            run.last_error = message
    summary.status, summary.message = status, message
