"""A pushed upload as the store keeps it: the file and its ``pending`` run, in one transaction.

The node's upload API (:mod:`node.runs_api`) and ``iphub upload`` both store an upload here;
whoever processes it (:mod:`harvester.upload_runs`: the web process's background thread,
``iphub scheduler``, ``iphub upload``) claims the pending run from the store. So the node never
calls the harvester: the store is the only thing between them.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.base import utcnow
from store.database import Database
from store.harvest_state import UploadPayload
from store.models import HarvestRun, Office

#: Statuses a run can be claimed in: waiting, or left behind by a process that died.
CLAIMABLE = ("pending", "running", "interrupted")

#: A file name longer than this cannot become a record identifier (both stores hold it).
MAX_NAME_CHARS = 200


class UploadError(ValueError):
    """The upload cannot be accepted at all (unknown office, unsupported prefix)."""


def office_by_code(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code.upper()))
    if office is None:
        raise UploadError(f"no office {code.upper()}; add it with `iphub office add`")
    return office


def bounded_name(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """``name`` if short enough, else its start and a digest of the whole: unique and bounded."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()
    return f"{name[: limit - 17]}…{digest[:16]}"


def unsupported(metadata_prefix: str) -> UploadError:
    """The refusal of a metadata prefix no mapping reads (the caller knows the mappings)."""
    return UploadError(f"metadata prefix {metadata_prefix!r} is not supported")


def accept(db: Database, office_code: str, filename: str, data: bytes, metadata_prefix: str) -> int:
    """Store an upload and its pending run; the run's id. Raises UploadError for an unknown
    office (the caller has checked the metadata prefix)."""
    with db.session() as session:
        office = office_by_code(session, office_code)
        run = HarvestRun(office_id=office.id, kind="upload", status="pending", errors=[])
        session.add(run)
        session.flush()
        session.add(
            UploadPayload(
                run_id=run.id,
                filename=bounded_name(filename or "upload.xml"),
                metadata_prefix=metadata_prefix,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
                created_at=utcnow(),
            )
        )
        return run.id
