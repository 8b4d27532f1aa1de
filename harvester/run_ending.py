"""How a harvest run notes its faults and ends: errors kept on the run, the documents pass,
the run marked succeeded / partial / failed / interrupted, its end told to the store.

:class:`RunEnding` is the part of :class:`harvester.runner.Harvest` that closes the run; it
works on the state the runner keeps (``db``, ``info``, ``settings``, ``run_id``, ``page_no``,
``pending_errors``, ``summary``, ``seen``, ``started``, ``sleep``).
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import select

from harvester import bounds
from harvester.documents import harvest_documents
from harvester.faults import HarvestFault
from store.base import iso_seconds, utcnow
from store.document_files import open_store
from store.findings import apply_document_findings
from store.models import Endpoint, HarvestRun, SourceRecord

log = logging.getLogger("iphub.harvester")


class RunEnding:
    """The closing half of a harvest run (see the module)."""

    # -- faults and endings ------------------------------------------------------------------

    def _on_fault(self, fault: HarvestFault, attempt: int, delay: float | None) -> None:
        then = f"retry in {delay:.1f}s" if delay is not None else "giving up"
        log.warning("office=%s run=%s page=%s %s: %s (attempt %d, %s)", self.info.office,
                    self.run_id, self.page_no + 1, fault.kind, fault, attempt, then)  # fmt: skip
        self.pending_errors.append(self._error(fault.kind, f"{fault} (attempt {attempt}, {then})"))

    def _note(self, kind: str, message: str) -> None:
        log.warning("office=%s run=%s page=%s %s: %s", self.info.office, self.run_id,
                    self.page_no + 1, kind, message)  # fmt: skip
        self.pending_errors.append(self._error(kind, message))

    def _error(self, kind: str, message: str) -> dict:
        at = iso_seconds(utcnow())
        return {"at": at, "page": self.page_no + 1, "kind": kind, "message": message}

    def _flush_errors(self, run: HarvestRun) -> None:
        if not self.pending_errors:
            return
        run.errors = [*(run.errors or []), *self.pending_errors][-500:]
        run.last_error = self.pending_errors[-1]["message"]
        self.pending_errors = []

    def _documents(self) -> None:
        """The records are stored: fetch the documents they reference (``DOCUMENT_STORE``).

        A document that cannot be fetched is a finding on its record, never a failed run; the
        figures are the rows this run attempted (:func:`harvester.documents.run_counts`). Should
        the pass itself stop (store unwritable), the run stands and the next run resumes it.
        """
        if not self.settings.document_store:
            return
        try:
            store = open_store(self.settings.document_store,
                               dict(self.settings.document_store_config))  # fmt: skip
            self.summary.documents = harvest_documents(
                self.db, store, self.info.office, self.run_id, self.settings,
                sleep=self.sleep, on_findings=apply_document_findings,
            )  # fmt: skip
        except Exception as error:  # the harvest itself succeeded: the run stands
            log.exception("office=%s run=%s documents pass stopped", self.info.office, self.run_id)
            self._note("documents", f"documents pass stopped: {error.__class__.__name__}: {error}")

    def _succeed(self) -> None:
        status = "partial" if self.summary.counts["failed"] else "succeeded"
        with self.db.session() as session:
            run = session.get(HarvestRun, self.run_id)
            if run.max_datestamp is not None:
                endpoint = session.get(Endpoint, self.info.id)
                endpoint.last_datestamp = bounds.next_mark(run, endpoint.last_datestamp)
            if self.seen is not None:
                self.summary.missing = self._missing(session)
                if self.summary.missing:
                    self._note(
                        "missing-at-office",
                        f"{len(self.summary.missing)} records the "
                        f"hub has are no longer listed, e.g. {self.summary.missing[:5]}",
                    )
        self._close(status, "")

    def _missing(self, session) -> list[str]:
        """Records the hub holds (not deleted) that a full harvest did not see."""
        held = session.scalars(
            select(SourceRecord.source_identifier).where(
                SourceRecord.office_id == self.info.office_id,
                SourceRecord.metadata_prefix == self.info.metadata_prefix,
                SourceRecord.deleted.is_(False),
            )
        )
        return sorted(i for i in held if i not in self.seen)

    def _close(self, status: str, message: str, *, checkpoint: bool = True) -> None:
        if message:
            self._note(status, message)
        with self.db.session() as session:
            run = session.get(HarvestRun, self.run_id)
            run.status, run.ended_at = status, utcnow()
            if status in ("succeeded", "partial") or not checkpoint:
                run.checkpoint_token = None
            self._flush_errors(run)
        self.summary.status = status
        self.summary.message = message
        self.summary.seconds = time.monotonic() - self.started
