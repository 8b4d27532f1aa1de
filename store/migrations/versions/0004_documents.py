"""documents: blobs, record ↔ document references, scan markers, office documents endpoints

Revision ID: 0004_documents
Revises: 0003_quality
Create Date: 2026-11-26 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_documents"
down_revision = "0003_quality"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_documents")),
    )
    op.create_table(
        "document_sources",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("url_pattern", sa.String(length=500), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["offices.id"],
            name=op.f("fk_document_sources_office_id_offices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_document_sources")),
    )
    op.create_table(
        "document_scans",
        sa.Column("published_record_id", sa.Integer(), nullable=False),
        sa.Column("datestamp", sa.DateTime(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("st96_sha256", sa.String(length=64), nullable=True),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_record_id"],
            ["published_records.id"],
            name=op.f("fk_document_scans_published_record_id_published_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("published_record_id", name=op.f("pk_document_scans")),
    )
    _create_record_documents()


def _create_record_documents() -> None:
    op.create_table(
        "record_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("published_record_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("ip_type", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=1000), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("claimed_type", sa.String(length=100), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_record_id"],
            ["published_records.id"],
            name=op.f("fk_record_documents_published_record_id_published_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["harvest_runs.id"],
            name=op.f("fk_record_documents_run_id_harvest_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["documents.sha256"], name=op.f("fk_record_documents_sha256_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_documents")),
        sa.UniqueConstraint(
            "published_record_id", "reference", name=op.f("uq_record_documents_published_record_id")
        ),
    )
    op.create_index(
        "ix_record_documents_grant", "record_documents", ["sha256", "office_code", "ip_type"]
    )
    op.create_index("ix_record_documents_queue", "record_documents", ["office_code", "status"])


def downgrade() -> None:
    op.drop_index("ix_record_documents_queue", table_name="record_documents")
    op.drop_index("ix_record_documents_grant", table_name="record_documents")
    op.drop_table("record_documents")
    op.drop_table("document_scans")
    op.drop_table("document_sources")
    op.drop_table("documents")
