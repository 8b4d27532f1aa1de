"""harvest runs: the lease of the process doing the run

Revision ID: 0007_harvest_bounds
Revises: 0005_findings_index
Create Date: 2026-12-04 15:00:00

A run whose process is gone (crash, ``kill -9``) stayed "running" for ever. With the key and
holder of the lease its process holds, a run whose lease expired (or whose holder is a dead
process on this host) is marked "interrupted" (:mod:`store.liveness`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_harvest_bounds"
down_revision = "0006_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("harvest_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_key", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("lease_holder", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("harvest_runs", schema=None) as batch_op:
        batch_op.drop_column("lease_holder")
        batch_op.drop_column("lease_key")
