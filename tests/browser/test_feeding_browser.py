"""Clicking through the portal's monitoring and pushed-feedback pages in Chromium: a webhook is
registered, its secret read off the page verifies the test post a real receiver gets, the
delivery log shows it sent; the monitoring page shows the office's sets only."""

from __future__ import annotations

import pytest

from tests.access_support import browser_log_in
from tests.node.monitoring.conftest import receiver

__all__ = ["receiver"]


@pytest.fixture
def app(app):
    app.config["NOTIFY_ALLOW_PRIVATE"] = True  # the receiver listens on localhost
    return app


def test_register_webhook_and_receive_a_signed_test_post(
    page, live_url, world, receiver, screenshots
):
    hook, url = receiver
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.click("nav >> text=Notifications")
    page.select_option("#kind", "webhook")
    page.fill("#target", url)
    page.click("#add-subscription")
    hook.secret = page.locator("#secret-value").inner_text().strip()
    assert hook.secret.startswith("whsec_")
    page.screenshot(path=str(screenshots / "portal-notifications.png"), full_page=True)

    page.click("#subscriptions button.test")
    page.wait_for_selector("#delivery-log tr.delivery-sent")

    assert len(hook.posts) == 1 and hook.posts[0]["verified"]
    assert hook.posts[0]["json"]["event"] == "test"
    page.reload()
    assert hook.secret not in page.content(), "the secret is shown once"


def test_monitoring_page_shows_own_sets(page, live_url, world, screenshots):
    browser_log_in(page, live_url, world.users["TH"], world.password)
    page.wait_for_url(f"{live_url}/portal/TH/authorizations")
    page.click("nav >> text=Monitoring")
    page.wait_for_url(f"{live_url}/portal/TH/monitoring")  # counted before it loads, rows are 0
    page.wait_for_selector("#sets tbody tr")
    rows = page.locator("#sets tbody tr")
    sets = {rows.nth(i).get_attribute("data-set") for i in range(rows.count())}
    assert sets == {"TH:trademarks", "TH:patents", "TH:designs"}
    page.screenshot(path=str(screenshots / "portal-monitoring.png"), full_page=True)
    assert page.goto(f"{live_url}/portal/KH/monitoring").status == 403
