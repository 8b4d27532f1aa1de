"""The quality dashboard and discussions, clicked through in headless Chromium.

An office harvests four times (defects appear, some get fixed), its staff open the dashboard
(screenshot for the docs), drill down to a record, discuss and accept a finding; the
coordinator compares offices side by side.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.access_support import browser_log_in

STATUS_FIELD = (
    "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/TransactionData"
    "/TradeMarkApplication/TradeMarkDetails/TradeMark/MarkCurrentStatusCode"
)
NPE_FIELD = "/pat:BibliographicData/pat:PCTNationalPhaseEntryDate"


def _log_in(page, base: str, email: str, password: str) -> None:
    browser_log_in(page, base, email, password)
    page.wait_for_load_state()


def test_dashboard_drill_down_and_discussion(page, live_url, world, harvested, screenshots):
    _log_in(page, live_url, world.users["KH"], world.password)
    page.goto(f"{live_url}/portal/KH/quality")
    cycles = page.locator("#trend svg.trend g.cycle")
    assert cycles.count() == 4  # four harvests of three endpoint runs each: one point each
    assert [
        len(runs.split()) for runs in cycles.evaluate_all("(gs) => gs.map((g) => g.dataset.runs)")
    ] == [3, 3, 3, 3]
    assert page.locator("#by-rule tr[data-rule='TM-STATUS-MISSING']").count() == 1
    assert int(page.locator(".q-tile.error .n").inner_text()) >= 1
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.screenshot(path=str(screenshots / "quality-dashboard.png"))

    # each finding names the office's own field: the ST.66 element the status was read from
    page.goto(f"{live_url}/portal/KH/quality?rule=TM-STATUS-MISSING&state=all")
    status = page.locator("tr.finding[data-rule='TM-STATUS-MISSING'] .source code.source-field")
    expect(status.first).to_have_text(STATUS_FIELD)
    page.locator("#findings").screenshot(path=str(screenshots / "quality-source-fields.png"))
    page.goto(f"{live_url}/portal/KH/quality?severity=info&state=all")
    generated = page.locator("tr.finding .source .no-source", has_text="the hub generated")
    expect(generated.first).to_be_visible()  # a value the hub generated has no field, says so
    page.goto(f"{live_url}/portal/KH/quality")

    page.select_option("#findings select[name=rule]", "PAT-NPE-DATE-MISSING")
    page.click("#filter")
    page.wait_for_url("**rule=PAT-NPE-DATE-MISSING**")
    rows = page.locator("tr.finding[data-rule='PAT-NPE-DATE-MISSING']")
    expect(rows).to_have_count(1)  # waits for the filtered page, unlike count()
    rows.first.locator("td").first.locator("a").click()
    page.wait_for_selector("#st96")
    pinned = page.locator(".q-code .ln.hit[data-rules*='PAT-NPE-DATE-MISSING']")
    expect(pinned).to_have_count(1)
    assert page.locator("#source .ln").count() > 3
    npe = page.locator("#record-findings tr[data-rule='PAT-NPE-DATE-MISSING'] td.source")
    expect(npe).to_have_text(NPE_FIELD)  # the patent was sent as ST.96: its own path
    page.locator("#record-findings").screenshot(path=str(screenshots / "quality-record.png"))

    page.locator("#record-findings a", has_text="PAT-NPE-DATE-MISSING").first.click()
    page.wait_for_selector("#discussion")
    expect(page.locator("#source-field code.source-field")).to_have_text(NPE_FIELD)
    page.select_option("#kind", "mapping-fix")
    page.fill("#body", "Our export has the NPE date in field 86; please map it.")
    page.click("#post-comment")
    page.wait_for_selector("text=Our export has the NPE date in field 86")
    page.fill("#note", "Filed before the national phase existed.")
    page.click("#accept")
    page.wait_for_selector(".badge.state-accepted")
    expect(page.locator(".q-note[data-kind='accept']")).to_have_count(1)


def test_coordinator_sees_offices_side_by_side(page, live_url, world, harvested):
    _log_in(page, live_url, world.users["coordinator"], world.password)
    page.goto(f"{live_url}/console/quality")
    assert page.locator("#offices tr[data-office]").count() == 2
    assert page.locator("section.trend-office svg").count() == 2
    page.locator("#rules-by-office a", has_text="TM-STATUS-MISSING").click()
    page.wait_for_selector("#discussion")
    page.fill("#body", "All offices: please export the status.")
    page.click("#post-comment")
    page.wait_for_selector("text=All offices: please export the status.")
