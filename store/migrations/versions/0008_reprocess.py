"""reprocessing: the version that produced each published record, reprocess jobs and chunks

Revision ID: 0008_reprocess
Revises: 0005_findings_index
Create Date: 2026-12-04 15:00:00

``published_records.processing_version`` says which mapping, vocabulary and rules produced a
record (``iphub reprocess --outdated``); ``reprocess_jobs`` and ``reprocess_chunks`` are the
selection and the checkpoint of a reprocess run (a ``harvest_runs`` row of kind "reprocess").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_reprocess"
down_revision = "0007_harvest_bounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("published_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("processing_version", sa.String(length=100), nullable=True))
    op.create_table(
        "reprocess_jobs",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_reprocess_jobs_run_id_harvest_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_reprocess_jobs")),
    )
    op.create_table(
        "reprocess_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_reprocess_chunks_run_id_harvest_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reprocess_chunks")),
    )
    with op.batch_alter_table("reprocess_chunks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reprocess_chunks_run_done", ["run_id", "done", "first_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reprocess_chunks", schema=None) as batch_op:
        batch_op.drop_index("ix_reprocess_chunks_run_done")
    op.drop_table("reprocess_chunks")
    op.drop_table("reprocess_jobs")
    with op.batch_alter_table("published_records", schema=None) as batch_op:
        batch_op.drop_column("processing_version")
