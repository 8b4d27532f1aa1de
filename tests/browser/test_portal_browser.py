"""Clicking through the office portal in Chromium, then harvesting with what it showed."""

from __future__ import annotations

import pytest
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch

from tests.access_support import browser_log_in


def test_create_grant_in_portal_then_harvest_exactly_granted_sets(
    page, live_url, world, screenshots
):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    page.select_option("select[name=third_party]", label="JPO — Japan Patent Office")
    page.select_option("select[name=ip_type]", "patents")
    page.check("input[name=level][value=documents]")
    page.click("#save-authorization")
    card = page.locator("article.grant[data-third-party=JPO][data-ip-type=patents]")
    client_id = card.locator("code.client-id").inner_text().strip()
    secret = card.locator("code.client-secret").inner_text().strip()
    assert client_id.startswith("iph_") and len(secret) > 30
    assert "Data and Documents" in card.inner_text()

    page.screenshot(path=str(screenshots / "portal-authorizations.png"), full_page=True)

    sickle = Sickle(f"{live_url}/oai", auth=(client_id, secret))
    assert {s.setSpec for s in sickle.ListSets()} == {"KH", "KH:patents"}
    identifiers = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
    expected = {r.identifier for r in world.records if (r.office, r.ip_type) == ("KH", "patents")}
    assert identifiers == expected
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="KH:trademarks"))
    originals = {r.header.identifier for r in sickle.ListRecords(metadataPrefix="original")}
    assert originals == {
        r.identifier
        for r in world.records
        if (r.office, r.ip_type) == ("KH", "patents") and r.original
    }

    page.on("dialog", lambda dialog: dialog.accept())
    card.locator("button", has_text="Revoke").click()
    page.wait_for_selector("text=Revoked authorizations")
    with pytest.raises(Exception, match="401"):
        list(Sickle(f"{live_url}/oai", auth=(client_id, secret)).ListSets())


def test_office_user_cannot_open_another_offices_page(page, live_url, world):
    browser_log_in(page, live_url, world.users["KH"], world.password)
    page.wait_for_url(f"{live_url}/portal/KH/authorizations")
    response = page.goto(f"{live_url}/portal/TH/authorizations")
    assert response.status == 403
    assert "Data Exchange Authorizations" not in page.content()
