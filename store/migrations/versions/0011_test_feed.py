"""test feed: test deliveries, their records, the coordinator's limits

Revision ID: 0011_test_feed
Revises: 0009_feeding
Create Date: 2026-12-04 18:00:00

An office's test deliveries (store.testfeed.models, issue 18 item 2), kept apart from the
harvest and publication tables so nothing tested is ever published.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_test_feed"
down_revision = "0010_gating"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "test_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("metadata_prefix", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("limited", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_test_deliveries_office", "test_deliveries", ["office_code", "created_at"])
    op.create_table(
        "test_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=500), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("st96", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["test_deliveries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_test_records_delivery", "test_records", ["delivery_id", "position"])
    op.create_table(
        "test_feed_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("max_records", sa.Integer(), nullable=True),
        sa.Column("retention_days", sa.Float(), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("test_feed_settings")
    op.drop_index("ix_test_records_delivery", table_name="test_records")
    op.drop_table("test_records")
    op.drop_index("ix_test_deliveries_office", table_name="test_deliveries")
    op.drop_table("test_deliveries")
