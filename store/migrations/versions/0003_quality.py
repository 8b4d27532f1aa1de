"""quality feedback: findings with lifecycle, per-run figures, record states, discussions

Revision ID: 0003_quality
Revises: 0002_access
Create Date: 2026-11-26 14:47:02.737091
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_quality"
down_revision = "0002_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_run_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("checked_clean", sa.Integer(), nullable=False),
        sa.Column("records_delta", sa.Integer(), nullable=False),
        sa.Column("clean_delta", sa.Integer(), nullable=False),
        sa.Column("open_delta", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_quality_run_stats_run_id_harvest_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_run_stats")),
        sa.UniqueConstraint(
            "run_id", "office_code", "ip_type", name=op.f("uq_quality_run_stats_run_id")
        ),
    )
    op.create_table(
        "quality_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("published_record_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("generated", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by", sa.String(length=254), nullable=True),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_quality_findings_first_run_id_harvest_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_quality_findings_last_run_id_harvest_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_record_id"],
            ["published_records.id"],
            name=op.f("fk_quality_findings_published_record_id_published_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_findings")),
        sa.UniqueConstraint(
            "published_record_id",
            "rule_id",
            "path",
            name=op.f("uq_quality_findings_published_record_id"),
        ),
    )
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quality_findings_office_rule", ["office_code", "rule_id", "state"], unique=False
        )
        batch_op.create_index(
            "ix_quality_findings_office_state", ["office_code", "state", "severity"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_quality_findings_published_record_id"),
            ["published_record_id"],
            unique=False,
        )

    op.create_table(
        "quality_record_states",
        sa.Column("published_record_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("open_count", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_record_id"],
            ["published_records.id"],
            name=op.f("fk_quality_record_states_published_record_id_published_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("published_record_id", name=op.f("pk_quality_record_states")),
    )
    op.create_table(
        "quality_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["quality_findings.id"],
            name=op.f("fk_quality_comments_finding_id_quality_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_comments")),
    )
    with op.batch_alter_table("quality_comments", schema=None) as batch_op:
        batch_op.create_index("ix_quality_comments_finding", ["finding_id"], unique=False)
        batch_op.create_index("ix_quality_comments_rule", ["rule_id", "office_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quality_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_quality_comments_rule")
        batch_op.drop_index("ix_quality_comments_finding")
    op.drop_table("quality_comments")
    op.drop_table("quality_record_states")
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_findings_published_record_id"))
        batch_op.drop_index("ix_quality_findings_office_state")
        batch_op.drop_index("ix_quality_findings_office_rule")
    op.drop_table("quality_findings")
    op.drop_table("quality_run_stats")
