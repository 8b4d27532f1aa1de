"""Destructive buttons ask first, in Chromium, with and without JavaScript.

Names with apostrophes, quotes and markup ("JPO's") are data: they must neither break the
question nor let one click act. With script, dismissing the dialog changes nothing and accepting
it acts; without script, the click shows a confirmation page and only its button acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from node.access import grants, parties, users
from node.web import confirm
from store.access_models import Grant, ThirdParty, ThirdPartyRequest, User
from tests.access_support import add_grant, browser_log_in

PARTY_NAME = """JPO's "first" <b>office</b>"""
EMAIL = "o'brien@kh.example"


@dataclass(frozen=True)
class Action:
    who: str
    url: str
    row: str  # locator of the row or card holding the button
    button: str
    question: Callable[[dict], str]
    done: Callable[[object, dict], bool]  # (session, ids) → whether the action happened


def _grant_question(key: str) -> Callable[[dict], str]:
    """The question of a grant's button ``key`` (the grant's names are fixed by ``targets``)."""
    return lambda ids: confirm.question(key, party=PARTY_NAME, office="KH", ip_type="patents")


def _grant_revoked(session, ids: dict) -> bool:
    return not session.get(Grant, ids["grant"]).active


#: (who, url, row) of the grant's card on the office's authorizations page
PORTAL_GRANT = ("KH", "/portal/KH/authorizations", "article.grant[data-third-party=JPO]")

ACTIONS = {
    "portal-revoke": Action(
        *PORTAL_GRANT, "Revoke", _grant_question("grant.revoke"), _grant_revoked
    ),
    "portal-rotate": Action(
        *PORTAL_GRANT,
        "Rotate secret",
        _grant_question("grant.rotate"),
        lambda s, ids: s.get(Grant, ids["grant"]).rotated_at is not None,
    ),
    "console-revoke": Action(
        "coordinator",
        "/console/grants",
        "tr:has(code:text-is('{client_id}'))",
        "Revoke",
        _grant_question("grant.revoke"),
        _grant_revoked,
    ),
    "console-deactivate": Action(
        "coordinator",
        "/console/users",
        f'tr:has(td:text-is("{EMAIL}"))',
        "Deactivate",
        lambda ids: confirm.question("user.deactivate", email=EMAIL),
        lambda s, ids: not s.get(User, ids["user"]).active,
    ),
    "console-reject": Action(
        "coordinator",
        "/console/third-parties",
        "tr.request[data-code=KIPO]",
        "Reject",
        lambda ids: confirm.question(
            "request.reject", office="KH", code="KIPO", name="Korea's IP Office"
        ),
        lambda s, ids: s.get(ThirdPartyRequest, ids["request"]).status == "rejected",
    ),
}


@pytest.fixture
def targets(db, world) -> dict:
    """A grant to a third party whose name has quotes, a user and a request likewise."""
    with db.session() as session:
        party = grants.third_party_by_code(session, "JPO")
        party.name = PARTY_NAME
        grant = add_grant(session, "KH", "JPO", "patents").grant
        kh = grants.office_by_code(session, "KH")
        user = users.add(session, EMAIL, "long enough pw", "office", kh, "demo")
        item = parties.request_party(session, kh, "KIPO", "Korea's IP Office", "office", "", "kh")
        session.flush()
        assert session.get(ThirdParty, party.id).name == PARTY_NAME
        return {
            "grant": grant.id,
            "client_id": grant.client_id,
            "user": user.id,
            "request": item.id,
        }


def _done(db, action: Action, ids: dict) -> bool:
    with db.session() as session:
        return action.done(session, ids)


def _open(page, live_url, world, action: Action, ids: dict):
    browser_log_in(page, live_url, world.users[action.who], world.password)
    page.wait_for_load_state()
    page.goto(live_url + action.url)
    return page.locator(action.row.format(**ids)).locator("button", has_text=action.button)


def _watch(page) -> list[str]:
    """Script errors, CSP violations and failed loads (but the favicon the node has none of)."""
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def response(answer) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            problems.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", response)
    return problems


@pytest.mark.parametrize("name", ACTIONS)
def test_with_script_the_dialog_decides(page, live_url, world, db, targets, name):
    action = ACTIONS[name]
    problems = _watch(page)
    button = _open(page, live_url, world, action, targets)
    asked: list[str] = []

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    button.click()
    expect(button).to_be_visible()
    assert asked == [action.question(targets)]
    assert not _done(db, action, targets), "one click must not act"

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button.click()
    assert _done(db, action, targets)
    assert "Please confirm" not in page.content()
    assert not problems, problems  # no script error, no CSP violation


@pytest.mark.parametrize("name", ["portal-revoke", "console-deactivate", "console-reject"])
def test_without_script_a_confirmation_page_decides(browser, live_url, world, db, targets, name):
    action = ACTIONS[name]
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    try:
        button = _open(page, live_url, world, action, targets)
        button.click()
        page.wait_for_selector("#confirm")
        assert page.locator("#confirm .question").inner_text() == action.question(targets)
        assert not _done(db, action, targets), "one click must not act"
        page.click("#confirm-cancel")
        page.wait_for_url(live_url + action.url)
        assert not _done(db, action, targets)

        button.click()
        page.wait_for_selector("#confirm")
        page.click("#confirm-action")
        page.wait_for_url(live_url + action.url + "**")
        assert _done(db, action, targets)
    finally:
        context.close()
