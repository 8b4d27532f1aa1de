"""Menus lead every role to its pages (the quality pages included), the home page to the login,
and refused, unknown or malformed addresses answer in the site's layout (JSON under /api/)."""

from __future__ import annotations

import pytest

from tests.access_support import browser_log_in


def test_home_page_links_to_the_login(page, live_url, world):
    page.goto(live_url + "/")
    assert page.locator("#menu-login").count() == 1
    page.click("#home-login")
    page.wait_for_url(f"{live_url}/login")
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("header.top a.brand")
    page.click("text=Your pages")
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")


def test_office_menu_reaches_quality_and_back(page, live_url, world, harvested):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("#menu-quality")
    page.wait_for_url(f"{live_url}/portal/KH/quality")
    assert page.locator("h1").inner_text() == "Data quality — KH"
    page.select_option("select[name=ip_type]", "patents")  # static script submits the choice
    page.wait_for_url(f"{live_url}/portal/KH/quality?ip_type=patents")
    page.click("#menu-audit")
    page.wait_for_url(f"{live_url}/portal/KH/audit")
    page.click("#menu-authorizations")
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")


def test_console_tabs_and_menu_reach_quality(page, live_url, world, harvested):
    browser_log_in(page, live_url, world.users["coordinator"], world.password)
    page.wait_for_url(f"{live_url}/console/")
    page.locator("#console-tabs a", has_text="Data quality").click()
    page.wait_for_url(f"{live_url}/console/quality")
    assert page.locator("#console-tabs a.current").inner_text() == "Data quality"
    page.locator("#console-tabs a", has_text="Grants").click()
    page.wait_for_url(f"{live_url}/console/grants")
    page.click("#menu-quality")
    page.wait_for_url(f"{live_url}/console/quality")
    page.click("#menu-console")
    page.wait_for_url(f"{live_url}/console/")


@pytest.mark.parametrize(
    ("url", "status", "title", "text"),
    [
        (
            "/portal/KH/quality?severity=bogus",
            400,
            "Bad request",
            "severity must be one of critical, error, warning, info.",
        ),
        ("/portal/KH/quality?ip_type=music", 400, "Bad request", "ip_type must be one of"),
        ("/portal/TH/authorizations", 403, "Not allowed", "Your account may not open this page"),
        ("/console/", 403, "Not allowed", "Your account may not open this page"),
        ("/portal/KH/quality/records/999999", 404, "Not found", "There is nothing at this address"),
        ("/no/such/page", 404, "Not found", "There is nothing at this address"),
    ],
)
def test_error_pages_in_the_sites_layout(page, live_url, world, url, status, title, text):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    response = page.goto(live_url + url)
    assert response.status == status
    assert "script-src 'self'" in response.headers["content-security-policy"]
    card = page.locator(f".error-page[data-status='{status}']")
    assert card.locator("h1").inner_text() == title
    assert text in card.inner_text()
    assert page.locator("#menu-quality").count() == 1  # the menus stay
    page.click("text=Back to your pages")
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/quality/findings?state=bogus", 400),
        ("/api/v1/quality/findings?office=TH", 403),
        ("/api/v1/no-such-api", 404),
    ],
)
def test_json_apis_keep_json_errors(page, live_url, world, url, status):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    response = page.request.get(live_url + url)
    assert response.status == status
    assert response.headers["content-type"].startswith("application/json")
    assert "error" in response.json()
