"""``iphub reprocess`` in process: exactly the changed records republished, the others keep
their datestamps (a third party's incremental harvest sees only the changes), dry runs write
nothing, ``--outdated`` redoes only older versions, filters select what they say."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sickle import Sickle
from sqlalchemy import func, select, update

from harvester.reprocess.driver import Options, reprocess
from harvester.reprocess.selection import Selection
from mappings.version import processing_version
from store.models import HarvestRun, PublishedRecord
from store.quality_models import QualityFinding, QualityRunStats
from store.reprocessing import ReprocessChunk
from tests.harvester.reprocess.conftest import (
    RECORDS,
    change_vocabulary,
    live_sources,
    published,
    sources_with,
)
from tests.serving import serve

#: Records whose mark category comes from the vocabulary entry the tests change (most, not all).
INDIVIDUAL = b"KindMark>Individual<"


def _reprocess(db, selection=None, **options):
    options.setdefault("chunk_size", 25)
    return reprocess(db, selection or Selection(), Options(**options))


def _snapshot(db) -> dict[int, tuple]:
    return {k: (p.datestamp, p.st96, p.about, p.processing_version)
            for k, p in published(db).items()}  # fmt: skip


def _wait_a_second() -> None:
    """Datestamps have whole seconds: a change must land in a later second to be seen."""
    time.sleep(1.1)


def test_nothing_changed_republishes_nothing(db, harvested):
    before = _snapshot(db)
    _wait_a_second()
    live = len(live_sources(db))
    [summary] = _reprocess(db)
    assert summary.status == "succeeded", summary.line()
    assert summary.counts == {"new": 0, "updated": 0, "unchanged": live, "failed": 0}
    assert _snapshot(db) == before


def _source_fields(db) -> dict[int, str | None]:
    with db.session() as session:
        return dict(session.execute(select(QualityFinding.id, QualityFinding.source_field)).all())


def test_reprocessing_keeps_and_restores_source_fields(db, harvested):
    """Findings stored before they named their source field get it from a reprocess; another
    reprocess keeps it (and republishes nothing)."""
    fields = _source_fields(db)
    assert any(fields.values()), "the harvest stored source fields"
    with db.session() as session:
        session.execute(update(QualityFinding).values(source_field=None))
    _wait_a_second()

    [summary] = _reprocess(db)

    assert summary.counts["updated"] > 0, summary.line()
    assert _source_fields(db) == fields
    before = _snapshot(db)
    [again] = _reprocess(db)
    assert again.counts["updated"] == 0, again.line()
    assert (_source_fields(db), _snapshot(db)) == (fields, before)


def test_vocabulary_change_republishes_exactly_the_affected_records(
    app, db, harvested, vocabularies
):
    affected = sources_with(db, INDIVIDUAL)
    assert 0 < len(affected) < RECORDS, "the data set has some affected records, not all"
    before = _snapshot(db)
    _wait_a_second()
    cutoff = max(stamp for stamp, *_ in before.values()) + timedelta(seconds=1)
    change_vocabulary(vocabularies, "mark_category", "Individual", "Trademark")

    [summary] = _reprocess(db)

    assert summary.counts["updated"] == len(affected), summary.line()
    assert summary.counts["unchanged"] == len(live_sources(db)) - len(affected)
    after = _snapshot(db)
    changed = {k for k in after if after[k][:2] != before[k][:2]}
    assert changed == affected
    assert all(after[k][0] >= cutoff for k in affected), "new datestamps"
    assert all(b"MarkCategory>Trademark<" in after[k][1] for k in affected)
    version = processing_version("st66", "KH")
    assert {v[3] for v in after.values()} == {version}, "every record carries the new version"

    app.config["OAI_AUTH_REQUIRED"] = False
    with serve(app) as url:
        hub = Sickle(url)
        since = cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = list(hub.ListIdentifiers(metadataPrefix="st96", **{"from": since}))
    wanted = {p.oai_identifier for k, p in published(db).items() if k in affected}
    assert {h.identifier for h in headers} == wanted, "an incremental harvest sees only those"


def test_dry_run_counts_and_writes_nothing(db, harvested, vocabularies):
    affected = sources_with(db, INDIVIDUAL)
    before = _snapshot(db)
    change_vocabulary(vocabularies, "mark_category", "Individual", "Trademark")
    with db.session() as session:
        runs_before = session.scalar(select(func.count()).select_from(HarvestRun))
        stats_before = session.scalar(select(func.count()).select_from(QualityRunStats))

    [summary] = _reprocess(db, dry_run=True)

    assert summary.run_id is None and summary.counts["updated"] == len(affected)
    assert _snapshot(db) == before
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(HarvestRun)) == runs_before
        assert session.scalar(select(func.count()).select_from(QualityRunStats)) == stats_before
        assert session.scalar(select(func.count()).select_from(ReprocessChunk)) == 0


def test_outdated_redoes_only_older_versions(db, harvested):
    ids = sorted(live_sources(db))
    old = ids[: len(ids) // 4]
    with db.session() as session:
        session.execute(update(PublishedRecord)
                        .where(PublishedRecord.source_record_id.in_(old))
                        .values(processing_version="st66.0-old"))  # fmt: skip
    before = _snapshot(db)

    [summary] = _reprocess(db, Selection(outdated=True))

    assert summary.total == len(old), summary.line()
    assert summary.counts["unchanged"] == len(old)
    after = _snapshot(db)
    assert all(after[k][3] == processing_version("st66", "KH") for k in ids)
    assert all(after[k][:3] == before[k][:3] for k in ids), "same output: same datestamps"
    [again] = _reprocess(db, Selection(outdated=True))
    assert again.total == 0 and again.run_id is None, "nothing outdated: no run recorded"
    assert again.status == "nothing selected"


def test_a_vocabulary_change_makes_only_that_office_outdated(db, harvested, vocabularies):
    kh = processing_version("st66", "KH")
    vn = processing_version("st66", "VN")
    change_vocabulary(vocabularies, "mark_category", "Individual", "Trademark")
    assert processing_version("st66", "KH") != kh
    assert processing_version("st66", "VN") == vn
    [summary] = _reprocess(db, Selection(outdated=True))
    assert summary.total == len(live_sources(db))


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(office="KH", ip_type="patents"), 0),
        (Selection(office="KH", ip_type="trademarks"), "live"),
        (Selection(rule="NO-SUCH-RULE"), 0),
    ],
)
def test_filters_select_what_they_say(db, harvested, selection, expected):
    [summary] = _reprocess(db, selection)
    assert summary.total == (len(live_sources(db)) if expected == "live" else expected)


def test_rule_and_since_filters(db, harvested):
    with db.session() as session:
        rule_id, count = session.execute(
            select(
                QualityFinding.rule_id,
                func.count(func.distinct(QualityFinding.published_record_id)),
            )
            .group_by(QualityFinding.rule_id)
            .order_by(func.count(func.distinct(QualityFinding.published_record_id)))
        ).first()
    [by_rule] = _reprocess(db, Selection(rule=rule_id))
    assert by_rule.total == count
    later = Selection(since=max(p.datestamp for p in published(db).values()) + timedelta(days=1))
    [by_since] = _reprocess(db, later)
    assert by_since.total == 0


def test_unknown_office_is_one_clear_error(db, harvested):
    with pytest.raises(LookupError, match="no office XX"):
        _reprocess(db, Selection(office="XX"))
