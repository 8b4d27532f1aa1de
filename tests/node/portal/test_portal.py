"""The office portal: login, authorizations (create, level change, rotate, revoke), third-party
requests, audit page; offices see and change only their own grants."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from node.access import grants
from simulator.demo.world import basic_header
from store.access_models import Grant, ThirdParty, ThirdPartyRequest
from tests.access_support import add_grant

PAGE = "/portal/KH/authorizations"


def _party_id(db, code: str) -> int:
    with db.session() as session:
        return session.scalar(select(ThirdParty.id).where(ThirdParty.code == code))


def _create(client, token, db, party="JPO", ip_type="patents", level="data", office="KH"):
    page = f"/portal/{office}/authorizations"
    return client.post(
        page,
        data={
            "csrf_token": token(page),
            "third_party": _party_id(db, party),
            "ip_type": ip_type,
            "level": level,
        },
    )


def _card_credentials(html: str) -> tuple[str, str]:
    client_id = re.search(r'class="client-id">([^<]+)<', html).group(1)
    secret = re.search(r'class="client-secret">([^<]+)<', html).group(1)
    return client_id, secret


def test_login_required(client, world):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_sets_secure_session_cookie_flags(client, login):
    response = login("KH")
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_create_grant_shows_secret_once_and_it_works(client, login, token, db):
    login("KH")
    response = _create(client, token, db)
    assert response.status_code == 201
    html = response.data.decode()
    client_id, secret = _card_credentials(html)
    assert "Data only" in html and "KH:patents" in html
    assert secret not in client.get(PAGE).data.decode(), "the secret is shown only once"
    harvest = client.get(
        "/oai", query_string={"verb": "ListSets"}, headers=basic_header(client_id, secret)
    )
    assert b"<setSpec>KH:patents</setSpec>" in harvest.data


def test_same_choice_again_changes_level_not_credentials(client, login, token, db):
    login("KH")
    client_id, _ = _card_credentials(_create(client, token, db).data.decode())
    response = _create(client, token, db, level="documents")
    assert response.status_code == 200 and b"client-secret" not in response.data
    with db.session() as session:
        grant = grants.by_client_id(session, client_id)
        assert grant.level == "documents" and grant.active


def test_rotate_and_revoke(client, login, token, db):
    login("KH")
    client_id, old = _card_credentials(_create(client, token, db).data.decode())
    with db.session() as session:
        grant_id = grants.by_client_id(session, client_id).id
    confirmed = {"csrf_token": token(PAGE), "confirmed": "yes"}
    rotated = client.post(f"{PAGE}/{grant_id}/rotate", data=confirmed)
    same_id, new = _card_credentials(rotated.data.decode())
    assert same_id == client_id and new != old
    assert client.get("/oai?verb=Identify", headers=basic_header(client_id, old)).status_code == 401
    assert client.get("/oai?verb=Identify", headers=basic_header(client_id, new)).status_code == 200
    revoked = client.post(f"{PAGE}/{grant_id}/revoke", data=confirmed)
    assert revoked.status_code == 302
    assert client.get("/oai?verb=Identify", headers=basic_header(client_id, new)).status_code == 401


@pytest.mark.parametrize("action", ["rotate", "revoke"])
def test_unconfirmed_post_asks_and_changes_nothing(client, login, token, db, action):
    """A post without ``confirmed=yes`` (no script, or the dialog never ran) only asks."""
    login("KH")
    client_id, secret = _card_credentials(_create(client, token, db).data.decode())
    with db.session() as session:
        grant_id = grants.by_client_id(session, client_id).id
    response = client.post(f"{PAGE}/{grant_id}/{action}", data={"csrf_token": token(PAGE)})
    html = response.data.decode()
    assert response.status_code == 200 and 'id="confirm-action"' in html
    assert "Japan Patent Office" in html and f'action="{PAGE}/{grant_id}/{action}"' in html
    assert 'name="confirmed" value="yes"' in html
    with db.session() as session:
        grant = session.get(Grant, grant_id)
        assert grant.active and grant.rotated_at is None
    assert (
        client.get("/oai?verb=Identify", headers=basic_header(client_id, secret)).status_code == 200
    )


def test_confirm_questions_are_attributes_never_script(client, login, token, db):
    """A third party's name with quotes and markup is escaped data in ``data-confirm``."""
    with db.session() as session:
        party = session.scalar(select(ThirdParty).where(ThirdParty.code == "JPO"))
        party.name = """JPO's "best" <b>office</b>"""
    login("KH")
    html = _create(client, token, db).data.decode()
    assert "onsubmit" not in html and "<script>" not in html
    assert (
        'data-confirm="Revoke the access of JPO&#39;s &#34;best&#34; &lt;b&gt;office&lt;/b&gt;'
        in html
    )


def test_other_office_pages_are_forbidden(client, login, token, db):
    login("KH")
    for url in (
        "/portal/TH/authorizations",
        "/portal/TH/audit",
        "/portal/TH/third-parties/new",
        "/portal/XX/authorizations",
    ):
        assert client.get(url).status_code == 403, url
    forged = client.post(
        "/portal/TH/authorizations",
        data={
            "csrf_token": token(PAGE),
            "third_party": _party_id(db, "JPO"),
            "ip_type": "patents",
            "level": "documents",
        },
    )
    assert forged.status_code == 403
    with db.session() as session:
        assert session.scalar(select(Grant).where(Grant.office.has(code="TH"))) is None


def test_forged_posts_about_another_offices_grant_are_refused(client, login, token, db, world):
    with db.session() as session:
        th_grant = add_grant(session, "TH", "JPO", "designs").grant
        session.flush()
        th_id = th_grant.id
    login("KH")
    data = {"csrf_token": token(PAGE), "confirmed": "yes"}
    for action in ("rotate", "revoke"):
        assert client.post(f"{PAGE}/{th_id}/{action}", data=data).status_code == 404
        assert (
            client.post(f"/portal/TH/authorizations/{th_id}/{action}", data=data).status_code == 403
        )
    with db.session() as session:
        grant = session.get(Grant, th_id)
        assert grant.active and grant.rotated_at is None


def test_posts_without_valid_csrf_are_refused(client, login, token, db):
    login("KH")
    bad = client.post(
        PAGE,
        data={
            "csrf_token": "forged",
            "third_party": _party_id(db, "JPO"),
            "ip_type": "patents",
            "level": "data",
        },
    )
    assert bad.status_code == 400
    missing = client.post(
        PAGE, data={"third_party": _party_id(db, "JPO"), "ip_type": "patents", "level": "data"}
    )
    assert missing.status_code == 400
    client_id, _ = _card_credentials(_create(client, token, db).data.decode())
    with db.session() as session:
        grant_id = grants.by_client_id(session, client_id).id
    assert client.post(f"{PAGE}/{grant_id}/revoke", data={"csrf_token": "x"}).status_code == 400
    with db.session() as session:
        assert session.scalar(select(Grant).where(Grant.id == grant_id)).active


def test_forged_choices_are_refused(client, login, token, db):
    login("KH")
    csrf = token(PAGE)
    for data in (
        {"third_party": 9999, "ip_type": "patents", "level": "data"},
        {"third_party": _party_id(db, "JPO"), "ip_type": "music", "level": "data"},
        {"third_party": _party_id(db, "JPO"), "ip_type": "patents", "level": "all"},
    ):
        assert client.post(PAGE, data={"csrf_token": csrf, **data}).status_code == 400


def test_third_party_request_goes_to_coordinator(client, login, token, db):
    login("KH")
    url = "/portal/KH/third-parties/new"
    response = client.post(
        url,
        data={
            "csrf_token": token(url),
            "code": "kipo",
            "name": "Korean IP Office",
            "kind": "office",
            "contact": "oai@kipo.example",
        },
    )
    assert response.status_code == 302
    with db.session() as session:
        request = session.scalar(select(ThirdPartyRequest))
        assert (request.code, request.status) == ("KIPO", "pending")
        assert session.scalar(select(ThirdParty).where(ThirdParty.code == "KIPO")) is None


def _request_party(client, token, code: str):
    url = "/portal/KH/third-parties/new"
    data = {"csrf_token": token(url), "code": code, "name": "X", "kind": "office", "contact": ""}
    return client.post(url, data=data, follow_redirects=True)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("jpo", "Third party JPO already exists: choose it in the list of third parties."),
        ("KIPO", "Third party KIPO has already been requested;"),
    ],
)
def test_duplicate_third_party_request_is_refused(client, login, token, db, code, message):
    login("KH")
    assert _request_party(client, token, "KIPO").status_code == 200
    refused = _request_party(client, token, code)
    assert refused.status_code == 409
    assert message in refused.data.decode()
    with db.session() as session:
        requests = session.scalars(select(ThirdPartyRequest)).all()
        assert [r.code for r in requests] == ["KIPO"]


def test_third_party_invite_when_allowed(app, client, login, token, db):
    app.config["THIRD_PARTY_INVITE_DEFAULT"] = True
    login("KH")
    url = "/portal/KH/third-parties/new"
    client.post(
        url,
        data={
            "csrf_token": token(url),
            "code": "KIPO",
            "name": "Korean IP Office",
            "kind": "office",
            "contact": "",
        },
    )
    with db.session() as session:
        assert session.scalar(select(ThirdParty).where(ThirdParty.code == "KIPO")) is not None


def test_audit_page_shows_only_own_office(client, login, token, db, world):
    with db.session() as session:
        add_grant(session, "TH", "WIPO", "designs", actor="th-secret-actor")
    login("KH")
    _create(client, token, db)
    page = client.get("/portal/KH/audit").data.decode()
    assert "grant.created" in page and world.users["KH"] in page
    assert "th-secret-actor" not in page


def test_login_throttling(client, login, world):
    for _ in range(5):
        assert login("KH", "wrong password").status_code == 401
    blocked = login("KH")
    assert blocked.status_code == 429 and b"Too many" in blocked.data


def test_deactivated_user_is_logged_out_on_next_request(client, login, db, world):
    from node.access import users

    login("KH")
    assert client.get(PAGE).status_code == 200
    with db.session() as session:
        user = next(u for u in users.all_users(session) if u.email == world.users["KH"])
        users.set_active(session, user, False, "test")
    assert client.get(PAGE).status_code == 302


def test_logout_requires_post_with_csrf(client, login, token):
    login("KH")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": "x"}).status_code == 400
    assert client.post("/logout", data={"csrf_token": token(PAGE)}).status_code == 302
    assert client.get(PAGE).status_code == 302


def test_open_redirect_after_login_is_ignored(client, world, token):
    csrf = token("/login")
    response = client.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": csrf, "email": world.users["KH"], "password": world.password},
    )
    assert response.headers["Location"].endswith(PAGE)
