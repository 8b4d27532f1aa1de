"""Alembic environment: runs on the connection iphub hands it (see store.migrate)."""

from __future__ import annotations

from alembic import context

from store.all_models import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `iphub db upgrade`, which passes a connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; run `iphub db upgrade`")
run_migrations_online()
