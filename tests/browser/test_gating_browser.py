"""Clicking through the gating pages in Chromium: the office sees its held delivery, why it is
held and the records in question, without a decision button; the coordinator sets a
threshold in the console, then rejects one held delivery (confirming the question) and
releases another, and the history shows both decisions."""

from __future__ import annotations

import pytest

from tests.access_support import browser_log_in
from tests.browser.test_pages_fit import WIDTH, _overflow
from tests.node.gating.support import held_delivery


def test_office_sees_why_its_delivery_is_held(page, live_url, world, db, screenshots):
    delivery = held_delivery(db)
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("nav >> text=Gating")

    card = page.locator(f"#delivery-{delivery}")
    assert "records with a critical or error finding" in card.locator(".breaches").inner_text()
    assert card.locator(".held-records tbody tr").count() == 2
    assert "TM-MARK-CATEGORY-MISSING" in card.inner_text()
    assert card.locator("button.release").count() == 0  # the coordinator decides for KH
    page.screenshot(path=str(screenshots / "portal-gating.png"), full_page=True)
    assert page.goto(f"{live_url}/portal/TH/gating").status == 403


def test_coordinator_sets_rejects_and_releases(page, live_url, world, db, screenshots):
    first = held_delivery(db)
    second = held_delivery(db, "TH")
    browser_log_in(page, live_url, world.users["coordinator"], world.password)
    page.goto(f"{live_url}/console/gating")
    page.fill("#office", "KH")
    page.select_option("#ip_type", "patents")
    page.fill("#invalid_share", "10")
    page.click("#save-gate")
    assert "10.0 %" in page.locator("#gate-limits").inner_text()
    page.screenshot(path=str(screenshots / "console-gating.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#delivery-{first} button.reject")
    page.wait_for_selector(f"#delivery-{first}", state="detached")
    page.click(f"#delivery-{second} button.release")
    page.wait_for_selector("#nothing-held")

    states = page.locator("#gate-history td.state").all_inner_texts()
    assert sorted(states) == ["rejected", "released"]


@pytest.mark.parametrize(("who", "url"), [("KH", "/portal/KH/gating"),
                                          ("coordinator", "/console/gating")])  # fmt: skip
def test_gating_pages_fit_1280(browser, live_url, world, db, who, url):
    held_delivery(db)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    try:
        browser_log_in(page, live_url, world.users[who], world.password)
        page.goto(live_url + url)
        measured = _overflow(page)
    finally:
        context.close()
    assert measured["width"] <= WIDTH, measured
