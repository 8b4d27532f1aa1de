"""A large write's commit on SQLite leaves the WAL checkpoint to a thread of its own (the
run's end does not wait for ~70 MB to be copied into the database file), and the pooled
connection checkpoints on commit again afterwards."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from store.database import AUTOCHECKPOINT, Database

BLOB = 8_000_000  # ~2,000 pages: past the automatic checkpoint's 1,000


def store(tmp_path: Path) -> tuple[Database, Path]:
    path = tmp_path / "store.sqlite"
    db = Database(f"sqlite:///{path}")
    with db.session() as session:
        session.execute(text("CREATE TABLE blobs (b BLOB)"))
    return db, path


def test_a_plain_commit_checkpoints_in_the_committing_thread(tmp_path):
    db, path = store(tmp_path)
    with db.session() as session:
        session.execute(text(f"INSERT INTO blobs VALUES (randomblob({BLOB}))"))
    assert path.stat().st_size > BLOB  # copied into the file by the commit itself
    db.dispose()


def test_a_large_write_is_checkpointed_beside_the_committing_thread(tmp_path, monkeypatch):
    db, path = store(tmp_path)
    beside = []
    monkeypatch.setattr(Database, "_checkpoint_beside", lambda self: beside.append(self))
    with db.large_write() as session:
        session.execute(text(f"INSERT INTO blobs VALUES (randomblob({BLOB}))"))
    assert beside == [db]
    assert path.stat().st_size < BLOB  # still only in the WAL: the commit did not copy it
    with db.engine.connect() as connection:  # the pool's one connection, back to normal
        pragma = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert pragma == AUTOCHECKPOINT
    monkeypatch.undo()
    db._checkpoint_beside()
    db.dispose()  # waits for the checkpoint thread
    assert path.stat().st_size > BLOB
    with Database(f"sqlite:///{path}").session() as session:
        assert session.execute(text("SELECT length(b) FROM blobs")).scalar() == BLOB
