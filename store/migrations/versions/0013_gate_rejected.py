"""gate rejected: versions rejected by delivery gating; held versions carry their feedback

Revision ID: 0013_gate_rejected
Revises: 0012_finding_source
Create Date: 2026-12-04 19:00:00

Issue 18: ``gate_rejected_sources`` records the source version (sha256 and harvest time of the
office's bytes) a coordinator rejected, so that ``iphub reprocess`` does not publish it;
``gate_held_records.about`` and ``open_count`` keep the feedback and open count of a held
record never published, computed while the run stores its pages, so that promotion only
copies rows (see store/gating/fresh.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_gate_rejected"
down_revision = "0012_finding_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gate_held_records") as batch:
        batch.add_column(sa.Column("open_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("about", sa.LargeBinary(), nullable=True))
    op.create_table(
        "gate_rejected_sources",
        sa.Column("source_record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("harvested_at", sa.DateTime(), nullable=True),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_record_id"], ["source_records.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["delivery_id"], ["gate_deliveries.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("source_record_id"),
    )


def downgrade() -> None:
    op.drop_table("gate_rejected_sources")
    with op.batch_alter_table("gate_held_records") as batch:
        batch.drop_column("about")
        batch.drop_column("open_count")
