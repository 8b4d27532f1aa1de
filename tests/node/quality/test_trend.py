"""The trend per harvest cycle of an office: all its IP types together, not one point per run.

A first harvest of trademarks, patents and designs is three endpoint runs; per run the share of
clean records would seem to fall as each IP type arrives. Per cycle it is one point.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mappings.xmlsafe import parse_xml
from node.quality import chart, queries

from .conftest import DEFECTS

BY_RULE = {d.rule_id: d for d in DEFECTS}
#: One defect per IP type: (identifier, defect).
PER_TYPE = {
    "trademarks": BY_RULE["TM-STATUS-MISSING"],
    "patents": BY_RULE["PAT-NPE-DATE-MISSING"],
    "designs": BY_RULE["DES-LOCARNO-INVALID"],
}
T0 = datetime(2026, 3, 2, 2, 0)
SVG = "{http://www.w3.org/2000/svg}"


def _harvest(harvest, start: datetime, *, bad: set[str], minutes: int = 2) -> list[int]:
    """One run per IP type, one after the other, as ``iphub harvest`` does per endpoint."""
    runs = []
    for n, (ip_type, defect) in enumerate(PER_TYPE.items()):
        started = start + timedelta(minutes=minutes * n)
        run = harvest.run("KH", started, started + timedelta(minutes=minutes - 1))
        raw = defect.bad() if ip_type in bad else defect.good()
        harvest.record(f"KH-{ip_type}", raw, defect.prefix, run)
        runs.append(run)
    return runs


def _points(db, by_cycle: bool = True, ip_type: str | None = None) -> list[queries.TrendPoint]:
    step = queries.trend_by_cycle if by_cycle else queries.trend
    with db.session() as session:
        return step(session, "KH", ip_type)


def test_first_harvest_of_three_ip_types_is_one_point(db, harvest):
    first = _harvest(harvest, T0, bad={"trademarks", "patents", "designs"})
    second = _harvest(harvest, T0 + timedelta(hours=6), bad={"patents"})
    cycles = _points(db)
    assert [p.runs for p in cycles] == [tuple(first), tuple(second)]
    assert [p.records for p in cycles] == [3, 3]
    assert cycles[0].open > cycles[1].open >= 1
    assert cycles[0].checked == cycles[1].checked == 3
    per_run = _points(db, by_cycle=False)
    assert [p.records for p in per_run] == [1, 2, 3, 3, 3, 3]  # what the old chart drew
    assert per_run[2].open == cycles[0].open and per_run[-1].open == cycles[-1].open


def test_an_ip_type_coming_round_again_starts_a_cycle(db, harvest):
    """Two trademark runs a minute apart are two harvests, however close in time."""
    defect = PER_TYPE["trademarks"]
    for n in range(2):
        started = T0 + timedelta(minutes=n)
        run = harvest.run("KH", started, started + timedelta(seconds=30))
        harvest.record("KH-1", defect.bad(), defect.prefix, run)
    assert len(_points(db)) == 2


def test_a_long_pause_starts_a_cycle(db, harvest):
    patents, designs = PER_TYPE["patents"], PER_TYPE["designs"]
    run = harvest.run("KH", T0, T0 + timedelta(minutes=5))
    harvest.record("KH-p", patents.bad(), patents.prefix, run)
    later = T0 + timedelta(minutes=5) + queries.CYCLE_GAP + timedelta(minutes=1)
    run = harvest.run("KH", later, later + timedelta(minutes=5))
    harvest.record("KH-d", designs.bad(), designs.prefix, run)
    assert [p.records for p in _points(db)] == [1, 2]


def test_filtered_by_ip_type_each_run_is_a_cycle(db, harvest):
    _harvest(harvest, T0, bad={"trademarks"})
    _harvest(harvest, T0 + timedelta(hours=6), bad=set())
    points = _points(db, ip_type="trademarks")
    assert [(p.records, p.open) for p in points] == [(1, points[0].open), (1, 0)]
    assert points[0].open >= 1


@pytest.fixture
def cycles(db, harvest) -> list[queries.TrendPoint]:
    _harvest(harvest, T0, bad={"trademarks", "patents", "designs"})
    _harvest(harvest, T0 + timedelta(hours=6), bad={"patents"})
    return _points(db)


def test_chart_is_one_group_per_cycle_with_exact_figures(app, cycles):
    with app.app_context():
        svg = parse_xml(str(chart.trend_svg(cycles)).encode())
    groups = svg.findall(f"{SVG}g[@class='cycle']")
    assert len(groups) == 2
    assert [int(g.get("data-records")) for g in groups] == [3, 3]
    title = groups[0].findtext(f"{SVG}title")
    assert title.startswith("harvest 1 (2026-03-02 02:00, runs ")
    assert f"{cycles[0].open} open findings" in title
    ticks = [t.text for t in groups[0].iter(f"{SVG}text")]
    assert ticks == ["#1"]


def test_chart_without_runs_says_so(app):
    with app.app_context():
        assert "No harvest run" in chart.trend_svg([])


def test_trend_api_by_cycle(client, db, harvest, people, login, cycles):
    login(people.kh)
    body = client.get("/api/v1/quality/trend?by=cycle").json
    assert body["by"] == "cycle" and [len(p["runs"]) for p in body["runs"]] == [3, 3]
    assert len(client.get("/api/v1/quality/trend").json["runs"]) == 6
    refused = client.get("/api/v1/quality/trend?by=week")
    assert refused.status_code == 400
    assert refused.json == {
        "error": "bad-request",
        "status": 400,
        "message": "by must be run or cycle",
    }
