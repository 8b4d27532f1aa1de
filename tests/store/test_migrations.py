"""The migrations build exactly the schema the models declare, on both databases: a model
changed without its migration (or the reverse) fails here, not on a deployed store."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from store import migrate
from store.all_models import metadata


def differences(db) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_schemas": False, "compare_type": True}
        )
        return compare_metadata(context, metadata)


def test_migrated_store_matches_the_models(db):
    assert differences(db) == []


def test_downgrade_and_upgrade_again_round_trip(db):
    migrate.downgrade(db, "0004_documents")
    assert any("ix_quality_findings_published_record_id" in repr(d) for d in differences(db))
    migrate.upgrade(db)
    assert differences(db) == []
    assert migrate.current_revision(db) == migrate.head_revision()
