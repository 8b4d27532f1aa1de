"""Fixtures of the reprocessing tests: a harvested office on a private copy of the
vocabularies (so a test may change an entry), and helpers to read what was published."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from harvester.runner import harvest_endpoint
from mappings import version, vocabulary, vocabulary_supplements
from simulator.server import SimulatedOffice
from simulator.serving import running
from store.models import PublishedRecord, SourceRecord
from tests.harvester.conftest import add_endpoint

#: Records of the harvested office: tens, so the tests stay fast.
RECORDS = 80
SEED = 5


@pytest.fixture
def vocabularies(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A copy of the vocabulary files the mappers read for this test only."""
    folder = tmp_path / "vocabularies"
    shutil.copytree(vocabulary.VOCAB_DIR, folder)
    monkeypatch.setattr(vocabulary, "VOCAB_DIR", folder)
    monkeypatch.setattr(vocabulary_supplements, "VOCAB_DIR", folder)
    version.reload()
    yield folder
    monkeypatch.undo()
    version.reload()


@pytest.fixture
def harvested(db, fast, vocabularies) -> SimulatedOffice:
    """KH's trademarks harvested (mapped in process) into the test's store."""
    office = SimulatedOffice("KH", records=RECORDS, seed=SEED, page_size=25)
    with running(office) as url:
        endpoint_id = add_endpoint(db, url)
        summary = harvest_endpoint(db, endpoint_id, dataclasses.replace(fast, workers=1))
    assert summary.status == "succeeded", summary.line()
    return office


def change_vocabulary(folder: Path, table: str, word: str, value: str, office: str = "KH") -> None:
    """Add or change one entry of an office's vocabulary, and make the mappers read it."""
    path = folder / f"{office}.toml"
    text, header, entry = (
        path.read_text(encoding="utf-8"),
        f"[{table}]\n",
        f'"{word}" = "{value}"\n',
    )
    text = text.replace(header, header + entry, 1) if header in text else text + header + entry
    path.write_text(text, encoding="utf-8")
    version.reload()


def published(db) -> dict[int, PublishedRecord]:
    """Published records by source record id."""
    with db.session() as session:
        rows = session.scalars(select(PublishedRecord))
        return {row.source_record_id: row for row in rows}


def sources_with(db, needle: bytes) -> set[int]:
    """Ids of the originals whose bytes contain ``needle``."""
    with db.session() as session:
        return {id_ for id_, raw in session.execute(select(SourceRecord.id, SourceRecord.raw))
                if raw and needle in raw}  # fmt: skip


def live_sources(db) -> set[int]:
    """Ids of the originals a reprocess can take: not deleted at the office, with bytes."""
    with db.session() as session:
        query = select(SourceRecord.id).where(SourceRecord.deleted.is_(False),
                                              SourceRecord.raw.is_not(None))  # fmt: skip
        return set(session.scalars(query))


def iphub_process(instance: Path, *args: str, env: dict | None = None, **popen):
    """``iphub <args>`` (any command) in a real process on the test's database."""
    import os
    import subprocess
    import sys

    from tests.harvester.conftest import ROOT

    environ = {**os.environ, "IPHUB_INSTANCE_PATH": str(instance), "PYTHONPATH": str(ROOT),
               "IPHUB_HARVEST_WORKERS": "1", **(env or {})}  # fmt: skip
    for key in ("IPHUB_DATABASE_URL", "IPHUB_SECRET_KEY", "IPHUB_BROKER_URL"):
        if key not in (env or {}):
            environ.pop(key, None)
    return subprocess.Popen([sys.executable, "-m", "iphub.cli", *args], env=environ, cwd=ROOT,
                            **popen)  # fmt: skip
