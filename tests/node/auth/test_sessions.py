"""Sessions end server-side: logout, a password change or deactivation stops a copied cookie."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from node.access import users
from node.access.cli import user_group
from node.auth.session import TOKEN_KEY
from store.access_models import User, UserSession
from tests.access_support import csrf_token

PAGE = "/portal/KH/authorizations"


def copy_of(app, client):
    """A second browser holding the same session cookie (what a thief would replay)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def user_of(session, email: str) -> User:
    return session.scalar(select(User).where(User.email == email))


def sessions_of(db, email: str) -> int:
    with db.session() as session:
        user = user_of(session, email)
        query = select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
        return session.scalar(query)


def test_a_copied_cookie_stops_working_after_logout(app, client, login, token, db, world):
    login("KH")
    thief = copy_of(app, client)
    assert thief.get(PAGE).status_code == 200
    assert client.post("/logout", data={"csrf_token": token(PAGE)}).status_code == 302
    assert thief.get(PAGE).status_code == 302
    assert sessions_of(db, world.users["KH"]) == 0


def test_logout_ends_only_that_browser(app, client, login, token, world):
    login("KH")
    laptop = app.test_client()
    laptop.post(
        "/login",
        data={"csrf_token": csrf_token(laptop.get("/login").data), "email": world.users["KH"],
              "password": world.password},
    )  # fmt: skip
    assert laptop.get(PAGE).status_code == 200
    client.post("/logout", data={"csrf_token": token(PAGE)})
    assert client.get(PAGE).status_code == 302
    assert laptop.get(PAGE).status_code == 200


@pytest.mark.parametrize("change", ["password", "deactivate-and-reactivate"])
def test_password_change_or_deactivation_ends_every_session(app, client, login, db, world, change):
    login("KH")
    thief = copy_of(app, client)
    with db.session() as session:
        user = user_of(session, world.users["KH"])
        if change == "password":
            users.set_password(session, user, "a brand new password", "test")
        else:
            users.set_active(session, user, False, "test")
            users.set_active(session, user, True, "test")
    assert client.get(PAGE).status_code == 302
    assert thief.get(PAGE).status_code == 302
    assert sessions_of(db, world.users["KH"]) == 0


def test_password_cli_ends_sessions(app, client, login, runner, db, world):
    login("KH")
    result = runner.invoke(
        user_group, ["password", world.users["KH"], "--password", "another long password"]
    )
    assert result.exit_code == 0, result.output
    assert client.get(PAGE).status_code == 302
    assert sessions_of(db, world.users["KH"]) == 0


def test_a_forged_token_in_a_signed_cookie_is_refused(client, login, world):
    login("KH")
    with client.session_transaction() as cookie:
        cookie[TOKEN_KEY] = "not-a-session-token"
    assert client.get(PAGE).status_code == 302
