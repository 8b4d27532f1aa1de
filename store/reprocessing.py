"""Reprocessing state: what a ``reprocess`` run selected, and its chunks with their checkpoint.

A reprocess run is a :class:`~store.models.HarvestRun` of kind ``"reprocess"`` (so the
runs page, ``iphub runs`` and the runs API show it like a harvest); these tables add what a
harvest run does not have: the selection it was started with, and the chunks of source record
ids it was cut into. A chunk is marked done in the same transaction that stores its records,
so a chunk is either entirely stored and done or not at all: a killed process, or a Celery
message delivered twice, never stores a record twice (see :mod:`harvester.reprocess`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from store.base import Base
from store.columns import DefaultNow, IntPK, RunFK


class ReprocessJob(Base):
    """The selection and size of one reprocess run (one run per office)."""

    __tablename__ = "reprocess_jobs"

    run_id: Mapped[RunFK] = mapped_column(primary_key=True)
    #: ``harvester.reprocess.selection.Selection.to_json()``: a rerun with the same selection
    #: resumes this run instead of starting a new one.
    selection: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    chunk_size: Mapped[int] = mapped_column(sa.Integer)
    #: Source records selected when the run was planned.
    total: Mapped[int] = mapped_column(sa.Integer, default=0)
    planned_at: Mapped[DefaultNow]


class ReprocessChunk(Base):
    """A range of source record ids of a run: the unit of work, of resumption and of a task."""

    __tablename__ = "reprocess_chunks"
    __table_args__ = (sa.Index("ix_reprocess_chunks_run_done", "run_id", "done", "first_id"),)

    id: Mapped[IntPK]
    run_id: Mapped[RunFK]
    first_id: Mapped[int] = mapped_column(sa.Integer)
    last_id: Mapped[int] = mapped_column(sa.Integer)
    #: Records the chunk holds when planned (those still selected when it runs are processed).
    size: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: Times a process started on it: more than one means a process died or a message came twice.
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    done: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: Records it processed (stored in the same transaction as they were).
    processed: Mapped[int] = mapped_column(sa.Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    done_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
