"""Clicking through the portal's test feed in Chromium: KH's staff send a test file with a
defect, read the summary with the rule's fix guidance, open the record with its ST.96 and
original; TH's staff cannot open it; nothing reaches the harvest runs."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import PublishedRecord
from tests.access_support import browser_log_in
from tests.quality_support import DEFECTS

STATUS_MISSING = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING").bad()


def published(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(PublishedRecord))


def test_send_a_test_file_and_read_its_findings(page, live_url, world, db, tmp_path, screenshots):
    before = published(db)
    sent = tmp_path / "KH-no-status.xml"
    sent.write_bytes(STATUS_MISSING)
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("nav >> text=Test feed")
    page.set_input_files("#test-file", str(sent))
    page.select_option("#upload-prefix", "st66")
    page.click("#run-upload")

    page.wait_for_selector("#summary")
    assert page.locator("#count-records").inner_text() == "1"
    rule = page.locator('#rules article[data-rule="TM-STATUS-MISSING"]')
    assert "status" in rule.locator(".guidance-fix").inner_text().lower()
    page.screenshot(path=str(screenshots / "portal-test-feed.png"), full_page=True)
    delivery_url = page.url

    page.click('#records tr[data-record="KH-no-status"] a')
    page.wait_for_selector("#st96 pre")
    assert "<tmk:Trademark" in page.locator("#st96 pre").inner_text()
    assert "<Transaction" in page.locator("#original pre").inner_text()
    assert page.locator('#record-findings article[data-rule="TM-STATUS-MISSING"]').count() == 1
    assert published(db) == before

    page.click("text=Log out")
    browser_log_in(page, live_url, world.users["TH"], world.password)
    page.wait_for_url(f"{live_url}/portal/TH/authorizations")
    assert page.goto(delivery_url).status == 403
    th_url = delivery_url.replace("/portal/KH/", "/portal/TH/")
    assert page.goto(th_url).status == 404
