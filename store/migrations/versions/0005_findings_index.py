"""quality findings: drop the index on published_record_id alone

Revision ID: 0005_findings_index
Revises: 0004_documents
Create Date: 2026-11-26 20:00:00

The unique constraint on (published_record_id, rule_id, path) already answers every lookup by
record (its leading column), so the separate index only cost one more index entry per finding
written: about seven per harvested record.
"""

from __future__ import annotations

from alembic import op

revision = "0005_findings_index"
down_revision = "0004_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_findings_published_record_id"))


def downgrade() -> None:
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quality_findings_published_record_id"),
            ["published_record_id"],
            unique=False,
        )
