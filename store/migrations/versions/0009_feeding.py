"""feeding: office-side counts, year counts, thresholds, alerts, feedback subscriptions, outbox

Revision ID: 0009_feeding
Revises: 0005_findings_index
Create Date: 2026-12-04 15:00:00

Freshness and completeness monitoring (node.monitoring) and pushed feedback (node.notify),
issue 18; a partial index of deleted published records for the records-held figure.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_feeding"
down_revision = "0008_reprocess"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_published_deleted",
        "published_records",
        ["office_code", "ip_type"],
        sqlite_where=sa.text("deleted = 1"),
        postgresql_where=sa.text("deleted = true"),
    )
    op.create_table(
        "monitor_office_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["endpoint_id"], ["endpoints.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_monitor_office_counts_endpoint",
        "monitor_office_counts",
        ["endpoint_id", "counted_at"],
    )
    op.create_table(
        "monitor_year_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_code", "ip_type", "year"),
    )
    op.create_table(
        "monitor_thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("quiet_days", sa.Float(), nullable=True),
        sa.Column("count_gap", sa.Float(), nullable=True),
        sa.Column("failed_runs", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_code", "ip_type"),
    )
    op.create_table(
        "monitor_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_monitor_alerts_office_state", "monitor_alerts", ["office_code", "state"])
    op.create_table(
        "notify_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_notify_subscriptions_office", "notify_subscriptions", ["office_code", "active"]
    )
    op.create_table(
        "notify_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"], ["notify_subscriptions.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notify_deliveries_due", "notify_deliveries", ["state", "next_attempt_at"])
    op.create_index(
        "ix_notify_deliveries_office", "notify_deliveries", ["office_code", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("notify_deliveries")
    op.drop_table("notify_subscriptions")
    op.drop_table("monitor_alerts")
    op.drop_table("monitor_thresholds")
    op.drop_table("monitor_year_counts")
    op.drop_table("monitor_office_counts")
    op.drop_index("ix_published_deleted", table_name="published_records")
