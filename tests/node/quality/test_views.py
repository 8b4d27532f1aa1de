"""Dashboard, drill-down, discussions and the coordinator view (server-side HTML)."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from mappings.rules.guidance import guidance_for
from store.quality_models import QualityComment, QualityFinding

from .conftest import DEFECTS

STATUS = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING")
PARTY = next(d for d in DEFECTS if d.rule_id == "PARTY-NATURAL-PERSON-INDICATOR-MISSING")


@pytest.fixture
def data(harvest, people):
    harvest.record("K1", STATUS.bad(), "st66", harvest.run("KH"))
    harvest.record("D1", PARTY.bad(), "st96", harvest.run("KH"))
    harvest.record("T1", STATUS.bad(), "st66", harvest.run("TH"), office="TH")
    return people


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _finding_id(db, rule_id: str, office: str = "KH") -> int:
    with db.session() as session:
        return session.scalar(
            select(QualityFinding.id).where(
                QualityFinding.rule_id == rule_id, QualityFinding.office_code == office
            )
        )


def test_dashboard_needs_login_and_own_office(client, data, login):
    assert client.get("/portal/KH/quality").status_code == 302
    login(data.th)
    assert client.get("/portal/KH/quality").status_code == 403
    login(data.kh)
    page = client.get("/portal/KH/quality")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for part in ('id="trend"', "<svg", 'id="by-rule"', 'id="worst-fields"', "TM-STATUS-MISSING"):
        assert part in html
    assert "cdn" not in html.lower()


def test_dashboard_filters(client, data, login):
    login(data.kh)
    html = client.get("/portal/KH/quality?ip_type=designs&state=all").get_data(as_text=True)
    assert 'data-rule="PARTY-NATURAL-PERSON-INDICATOR-MISSING"' in html
    assert 'class="finding" data-finding-id' in html
    assert client.get("/portal/KH/quality?ip_type=cars").status_code == 400


def _record_page(client, db, rule_id: str) -> tuple[int, str]:
    """The id and KH portal page of the record a finding of ``rule_id`` is about."""
    with db.session() as session:
        record_id = session.get(QualityFinding, _finding_id(db, rule_id)).published_record_id
    return record_id, client.get(f"/portal/KH/quality/records/{record_id}").get_data(as_text=True)


def test_record_drill_down_highlights_findings(client, data, login, db):
    login(data.kh)
    record_id, html = _record_page(client, db, "PARTY-NATURAL-PERSON-INDICATOR-MISSING")
    assert 'data-rules="PARTY-NATURAL-PERSON-INDICATOR-MISSING"' in html
    assert "&lt;com:Name&gt;" in html  # the ST.96 line the finding is pinned to
    assert 'id="source"' in html and "Golden Lotus" in html
    assert client.get(f"/portal/TH/quality/records/{record_id}").status_code == 403


def test_missing_element_is_pinned_to_its_parent(client, data, login, db):
    login(data.kh)
    _, html = _record_page(client, db, "TM-STATUS-MISSING")
    assert 'data-rules="TM-STATUS-MISSING' in html


def test_comment_needs_csrf(client, data, login, db):
    login(data.kh)
    finding_id = _finding_id(db, "TM-STATUS-MISSING")
    url = f"/portal/KH/quality/findings/{finding_id}"
    assert client.post(url, data={"kind": "comment", "body": "hi"}).status_code == 400
    token = _csrf(client.get(url).get_data(as_text=True))
    response = client.post(
        url, data={"kind": "mapping-fix", "body": "Map STS to status.", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "Map STS to status." in client.get(url).get_data(as_text=True)
    with db.session() as session:
        note = session.scalar(select(QualityComment))
        assert (note.kind, note.office_code, note.author) == ("mapping-fix", "KH", data.kh)


def test_finding_page_shows_fix_guidance(client, data, login, db):
    login(data.kh)
    finding_id = _finding_id(db, "TM-STATUS-MISSING")
    html = client.get(f"/portal/KH/quality/findings/{finding_id}").get_data(as_text=True)
    guidance = guidance_for("TM-STATUS-MISSING")
    assert 'id="guidance"' in html
    assert escape(guidance.why) in html and escape(guidance.fix) in html


def test_accept_and_reopen(client, data, login, db):
    login(data.kh)
    finding_id = _finding_id(db, "TM-STATUS-MISSING")
    url = f"/portal/KH/quality/findings/{finding_id}"
    token = _csrf(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/accept", data={"note": "x"}).status_code == 400
    client.post(f"{url}/accept", data={"note": "Empty at source.", "csrf_token": token})
    with db.session() as session:
        assert session.get(QualityFinding, finding_id).state == "accepted"
    summary = client.get("/api/v1/quality/summary").json
    row = next(r for r in summary["by_rule"] if r["rule"] == "TM-STATUS-MISSING")
    assert (row["open"], row["accepted"]) == (0, 1)
    client.post(f"{url}/reopen", data={"csrf_token": token})
    with db.session() as session:
        assert session.get(QualityFinding, finding_id).state == "open"


def test_other_office_finding_is_not_found(client, data, login, db):
    login(data.kh)
    foreign = _finding_id(db, "TM-STATUS-MISSING", office="TH")
    assert client.get(f"/portal/KH/quality/findings/{foreign}").status_code == 404


def test_rule_discussion(client, data, login):
    login(data.kh)
    url = "/portal/KH/quality/rules/TM-STATUS-MISSING"
    html = client.get(url).get_data(as_text=True)
    assert "file status" in html
    assert 'id="guidance"' in html and "MarkCurrentStatusDate" in html
    client.post(
        url, data={"kind": "rule-change", "body": "Make it a warning.", "csrf_token": _csrf(html)}
    )
    assert "Make it a warning." in client.get(url).get_data(as_text=True)
    login(data.coordinator)
    console = client.get("/console/quality/rules/TM-STATUS-MISSING").get_data(as_text=True)
    assert "Make it a warning." in console
    login(data.th)
    assert "Make it a warning." not in client.get(
        "/portal/TH/quality/rules/TM-STATUS-MISSING"
    ).get_data(as_text=True)


def test_console_side_by_side(client, data, login):
    login(data.kh)
    assert client.get("/console/quality").status_code == 403
    login(data.coordinator)
    html = client.get("/console/quality").get_data(as_text=True)
    assert 'data-office="KH"' in html and 'data-office="TH"' in html
    assert html.count("<svg") >= 2
