"""The runner's documents pass: run after the records are stored, never failing the run."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

import harvester.run_ending
from harvester.runner import harvest_endpoint
from harvester.settings import HarvestSettings
from store.models import HarvestRun
from tests.harvester.conftest import add_endpoint
from tests.harvester.fakeoffice import serve


def test_settings_take_the_document_store_from_the_config():
    settings = HarvestSettings.from_config(
        {"DOCUMENT_STORE": "/srv/documents", "DOCUMENT_S3_REGION": "eu-west-1"}
    )
    assert settings.document_store == "/srv/documents"
    assert dict(settings.document_store_config) == {"DOCUMENT_S3_REGION": "eu-west-1"}
    assert HarvestSettings.from_config({}).document_store is None


def test_without_a_store_there_is_no_documents_pass(db, office, fast):
    with serve(office) as url:
        summary = harvest_endpoint(db, add_endpoint(db, url), fast)
    assert summary.status == "succeeded" and summary.documents is None
    assert "documents:" not in summary.line()


def test_the_pass_runs_after_the_records_and_its_counts_join_the_summary(
    db, office, fast, tmp_path
):
    settings = replace(fast, document_store=str(tmp_path / "documents"))
    with serve(office) as url:
        summary = harvest_endpoint(db, add_endpoint(db, url), settings)
    assert summary.status == "succeeded", summary.line()
    assert summary.documents is not None and summary.documents.scanned == 30
    assert summary.documents.line() in summary.line()


def test_a_pass_that_stops_leaves_the_run_succeeded_with_a_note(
    db, office, fast, tmp_path, monkeypatch
):
    def broken(*_args, **_kwargs):
        raise OSError("store not writable")

    monkeypatch.setattr(harvester.run_ending, "harvest_documents", broken)
    settings = replace(fast, document_store=str(tmp_path / "documents"))
    with serve(office) as url:
        summary = harvest_endpoint(db, add_endpoint(db, url), settings)
    assert summary.status == "succeeded", summary.line()
    with db.session() as session:
        run = session.scalars(select(HarvestRun)).one()
        assert run.status == "succeeded"
        assert [e["kind"] for e in run.errors] == ["documents"]
        assert "store not writable" in run.last_error
