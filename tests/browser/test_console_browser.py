"""The coordinator approves an office's third-party request in the console, in Chromium."""

from __future__ import annotations

from tests.access_support import browser_log_in


def test_request_then_approve_then_grant(page, live_url, world, screenshots):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("text=Add third party…")
    page.fill("input[name=code]", "KIPO")
    page.fill("input[name=name]", "Korean Intellectual Property Office")
    page.select_option("select[name=kind]", "office")
    page.click("button:has-text('Request')")
    page.wait_for_selector("text=Request sent to the coordinator")
    page.click("button:has-text('Log out')")

    browser_log_in(page, live_url, world.users["coordinator"], world.password)
    page.wait_for_url(f"{live_url}/console/")
    assert "1 third-party request(s) await approval" in page.content()
    page.screenshot(path=str(screenshots / "console-overview.png"), full_page=True)
    page.goto(f"{live_url}/console/third-parties")
    page.locator("tr.request[data-code=KIPO] button", has_text="Approve").click()
    page.wait_for_selector("text=Request for KIPO approved")
    page.click("button:has-text('Log out')")

    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    options = page.locator("select[name=third_party] option").all_inner_texts()
    assert any(text.startswith("KIPO") for text in options)


def test_duplicate_request_refused_and_stale_request_closed(page, live_url, world):
    """An office cannot request a party that exists or is requested; a request whose party
    the coordinator registered meanwhile is closed by approving it, not left pending."""
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    for code, answer in (
        ("JPO", "Third party JPO already exists: choose it in the list of third parties."),
        ("KIPO", "Request sent to the coordinator"),
        ("kipo", "Third party KIPO has already been requested"),
    ):
        page.goto(f"{live_url}/portal/KH/third-parties/new")
        page.fill("input[name=code]", code)
        page.fill("input[name=name]", "Korean Intellectual Property Office")
        page.click("button:has-text('Request')")
        page.wait_for_selector(f"text={answer}")
    page.click("button:has-text('Log out')")

    browser_log_in(page, live_url, world.users["coordinator"], world.password)
    page.wait_for_url(f"{live_url}/console/")
    page.goto(f"{live_url}/console/third-parties")
    page.fill("input[name=code]", "KIPO")
    page.fill("input[name=name]", "Korean Intellectual Property Office")
    page.click("button:has-text('Add')")
    page.wait_for_selector("text=Third party KIPO added.")
    page.locator("tr.request[data-code=KIPO] button", has_text="Approve").click()
    page.wait_for_selector(
        "text=Third party KIPO already exists; the request is closed as approved."
    )
    assert page.locator("tr.request").count() == 0
    page.goto(f"{live_url}/console/")
    assert "await approval" not in page.content()
