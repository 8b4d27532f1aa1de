"""finding source: the office's own source field of each quality finding

Revision ID: 0012_finding_source
Revises: 0009_feeding
Create Date: 2026-12-04 17:40:00

Issue 18: a finding points at the field of the office's export it concerns (the source path
the mapping read), not only at the ST.96 path. Nullable: a value the hub generated or a rule on
the whole record has no one source field, and rows written before this revision get theirs
when their records are reprocessed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_finding_source"
down_revision = "0011_test_feed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quality_findings") as batch:
        batch.add_column(sa.Column("source_field", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quality_findings") as batch:
        batch.drop_column("source_field")
