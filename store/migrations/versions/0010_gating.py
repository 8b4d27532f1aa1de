"""gating: thresholds per office × IP type, gated deliveries, held record versions

Revision ID: 0010_gating
Revises: 0009_feeding
Create Date: 2026-12-04 18:00:00

Delivery gating (node.gating, issue 18 item 1). Held versions are a table of their own, so
the OAI-PMH provider's queries over published_records are unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_gating"
down_revision = "0009_feeding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gate_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("critical_share", sa.Float(), nullable=True),
        sa.Column("invalid_share", sa.Float(), nullable=True),
        sa.Column("count_drop", sa.Float(), nullable=True),
        sa.Column("collision_share", sa.Float(), nullable=True),
        sa.Column("office_may_release", sa.Boolean(), nullable=False),
        sa.Column("auto_release_hours", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_code", "ip_type"),
    )
    op.create_table(
        "gate_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("breaches", sa.JSON(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("release_after", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["harvest_runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "ip_type"),
    )
    op.create_index("ix_gate_deliveries_state", "gate_deliveries", ["state", "office_code"])
    op.create_table(
        "gate_held_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("oai_identifier", sa.String(length=400), nullable=False),
        sa.Column("source_record_id", sa.Integer(), nullable=True),
        sa.Column("published_record_id", sa.Integer(), nullable=True),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("set_spec", sa.String(length=100), nullable=False),
        sa.Column("validation_status", sa.String(length=10), nullable=False),
        sa.Column("application_number", sa.String(length=100), nullable=True),
        sa.Column("processing_version", sa.String(length=100), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.Integer(), nullable=False),
        sa.Column("st96", sa.LargeBinary(), nullable=True),
        sa.Column("dc", sa.LargeBinary(), nullable=True),
        sa.Column("validation_errors", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["harvest_runs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_record_id"], ["source_records.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["published_record_id"], ["published_records.id"], ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_gate_held_run", "gate_held_records", ["run_id", "id"])
    op.create_index("ix_gate_held_identifier", "gate_held_records", ["oai_identifier"])


def downgrade() -> None:
    op.drop_index("ix_gate_held_identifier", table_name="gate_held_records")
    op.drop_index("ix_gate_held_run", table_name="gate_held_records")
    op.drop_table("gate_held_records")
    op.drop_index("ix_gate_deliveries_state", table_name="gate_deliveries")
    op.drop_table("gate_deliveries")
    op.drop_table("gate_settings")
