"""What a run says when it ends (:class:`RunSummary`: the line ``iphub harvest`` prints) and
what it knows of its endpoint (:class:`EndpointInfo`); shared by harvests and uploads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from harvester.document_scan import DocumentCounts
from harvester.ingest import OUTCOMES
from store.database import Database
from store.models import Endpoint


@dataclass
class RunSummary:
    """What one run did, for the one-line report and for tests."""

    office: str
    metadata_prefix: str
    run_id: int | None
    status: str
    pages: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    seconds: float = 0.0
    message: str = ""
    missing: list[str] = field(default_factory=list)
    documents: DocumentCounts | None = None
    #: Deletions the office listed for records the hub never held or had already deleted;
    #: the store counts them as unchanged, the report says what they are.
    already_deleted: int = 0

    def line(self) -> str:
        """The run in one line: what changed, or for a run that got nothing, why."""
        head = f"{self.office} {self.metadata_prefix}: {self.status}"
        if self.run_id is None:
            return f"{head} — {self.message}"
        if self.status == "failed" and not self.pages:
            return f"{head} (run {self.run_id}) — {self.message}"
        c = self.counts
        gone = (
            f", {self.already_deleted} already deleted at the office"
            if self.already_deleted
            else ""
        )
        text = (
            f"{head} (run {self.run_id}) — "
            f"{c['new']} new, {c['updated']} updated, {c['unchanged'] - self.already_deleted} "
            f"unchanged, {c['deleted']} deleted{gone}, {c['failed']} failed; "
            f"{self.pages} pages in {self.seconds:.1f}s"
        )
        if self.missing:
            text += f"; {len(self.missing)} records no longer listed by the office"
        if self.documents is not None:
            text += f"; {self.documents.line()}"
        if self.message:
            text += f" — {self.message}"
        return text


@dataclass(frozen=True)
class EndpointInfo:
    """The endpoint's fields as plain values, so no ORM object outlives its session."""

    id: int
    office_id: int
    office: str
    url: str
    metadata_prefix: str
    set_spec: str
    granularity: str
    last_datestamp: datetime | None
    use_get_record: bool

    @classmethod
    def load(cls, db: Database, endpoint_id: int) -> EndpointInfo:
        with db.session() as session:
            e = session.get(Endpoint, endpoint_id)
            if e is None:
                raise LookupError(f"no endpoint {endpoint_id}")
            return cls(
                e.id, e.office_id, e.office.code, e.url, e.metadata_prefix, e.set_spec,
                e.granularity, e.last_datestamp, e.use_get_record,
            )  # fmt: skip
