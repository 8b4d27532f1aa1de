"""Credentials on /oai: revocation and rotation take effect on the next request, bearer tokens,
the token endpoint, open-node behaviour, and the harvester's ``authenticate_office``."""

from __future__ import annotations

import time

import pytest

from harvester.upload import new_upload_key
from node import access
from node.access import grants, users
from node.access.resolver import authenticate_office
from simulator.demo.world import basic_header
from store import credentials
from store.config import ConfigError

LIST = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}


def _get(client, headers, **args):
    return client.get("/oai", query_string=args or LIST, headers=headers)


def _token(client, client_id: str, secret: str):
    return client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic_header(client_id, secret),
    )


def test_revocation_takes_effect_on_next_request(client, db, issue):
    client_id, secret = issue("KH", "JPO", "patents")
    token = _token(client, client_id, secret).get_json()["access_token"]
    assert _get(client, basic_header(client_id, secret)).status_code == 200
    assert _get(client, {"Authorization": f"Bearer {token}"}).status_code == 200
    with db.session() as session:
        grants.revoke(session, grants.by_client_id(session, client_id), "test")
    assert _get(client, basic_header(client_id, secret)).status_code == 401
    assert _get(client, {"Authorization": f"Bearer {token}"}).status_code == 401
    assert _token(client, client_id, secret).status_code == 401


def test_rotation_invalidates_old_secret_and_tokens(client, db, issue):
    client_id, old = issue("KH", "JPO", "patents")
    token = _token(client, client_id, old).get_json()["access_token"]
    with db.session() as session:
        new = grants.rotate(session, grants.by_client_id(session, client_id), "test")
    assert _get(client, basic_header(client_id, old)).status_code == 401
    assert _get(client, {"Authorization": f"Bearer {token}"}).status_code == 401
    assert _get(client, basic_header(client_id, new)).status_code == 200


def test_secret_is_stored_hashed(db, issue):
    client_id, secret = issue("KH", "JPO", "patents")
    with db.session() as session:
        grant = grants.by_client_id(session, client_id)
        assert secret not in grant.secret_hash
        assert grant.secret_hash == credentials.hash_secret(secret)


def test_token_endpoint(client, issue):
    client_id, secret = issue("KH", "JPO", "patents")
    response = _token(client, client_id, secret)
    body = response.get_json()
    assert response.status_code == 200 and body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600 and response.headers["Cache-Control"] == "no-store"
    posted = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert posted.status_code == 200
    assert _token(client, client_id, "wrong").get_json()["error"] == "invalid_client"
    wrong_grant = client.post(
        "/oauth/token", data={"grant_type": "password"}, headers=basic_header(client_id, secret)
    )
    assert wrong_grant.get_json()["error"] == "unsupported_grant_type"


def test_expired_and_forged_tokens_are_refused(app, client, issue):
    client_id, secret = issue("KH", "JPO", "patents")
    token = _token(client, client_id, secret).get_json()["access_token"]
    assert _get(client, {"Authorization": f"Bearer {token}x"}).status_code == 401
    app.config["OAUTH_TOKEN_TTL"] = 0
    time.sleep(1.1)
    response = _get(client, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in " ".join(response.headers.getlist("WWW-Authenticate"))


def test_token_signed_with_another_key_is_refused(app, client, issue):
    client_id, secret = issue("KH", "JPO", "patents")
    token = _token(client, client_id, secret).get_json()["access_token"]
    app.secret_key = "another replica with a different key"
    assert _get(client, {"Authorization": f"Bearer {token}"}).status_code == 401


def test_open_node_serves_data_but_not_originals_anonymously(app, client, world, issue):
    app.config["OAI_AUTH_REQUIRED"] = False
    assert _get(client, {}).status_code == 200
    originals = _get(client, {}, verb="ListRecords", metadataPrefix="original")
    assert b"cannotDisseminateFormat" in originals.data
    client_id, _ = issue("KH", "JPO", "patents")
    assert _get(client, basic_header(client_id, "wrong")).status_code == 401, (
        "wrong credentials are refused even on an open node"
    )


def test_unknown_scheme_is_refused(client, world):
    assert _get(client, {"Authorization": "Digest abc"}).status_code == 401


def test_authenticate_office(app, db, world, issue):
    def check(headers, code):
        with app.test_request_context("/upload", headers=headers):
            return authenticate_office(None, code)

    kh = basic_header(world.users["KH"], world.password)
    assert check(kh, "KH") and check(kh, "kh")
    assert not check(kh, "TH")
    assert check(basic_header(world.users["coordinator"], world.password), "TH")
    assert not check({}, "KH")
    assert not check(basic_header(world.users["KH"], "wrong"), "KH")
    client_id, secret = issue("KH", "JPO", "patents")
    assert not check(basic_header(client_id, secret), "KH"), "third parties cannot upload"
    key = new_upload_key(db, "KH")
    assert check(basic_header("KH", key), "KH"), "the office API credential"
    assert not check(basic_header("KH", key), "TH")
    assert not check(basic_header("TH", key), "TH")


def test_default_password_hash_is_scrypt():
    hashed = credentials.hash_password("a long password")
    assert hashed.startswith("scrypt:")
    assert credentials.password_matches("a long password", hashed)
    assert not credentials.password_matches("a long password", None)


def test_user_basic_auth_is_throttled(client, world):
    wrong = basic_header(world.users["KH"], "wrong password!")
    for _ in range(5):
        assert client.get("/oai?verb=Identify", headers=wrong).status_code == 401
    right = basic_header(world.users["KH"], world.password)
    assert client.get("/oai?verb=Identify", headers=right).status_code == 401, "locked for now"
    assert (
        client.get(
            "/oai?verb=Identify", headers=basic_header(world.users["TH"], world.password)
        ).status_code
        == 200
    )


def test_bad_rate_limit_setting_is_a_config_error(app):
    app.config["RATE_LIMIT"] = "fast"
    with pytest.raises(ConfigError, match="RATE_LIMIT"):
        access.init_app(app)


def test_session_cookie_is_secure_outside_testing(app):
    app.testing = False
    access.init_app(app)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.config["SESSION_COOKIE_SECURE_MODE"] = False
    access.init_app(app)
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_office_user_bearer_token(client, db, world):
    """Staff get a token with email and password; deactivation stops it at once."""
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic_header(world.users["KH"], world.password),
    )
    assert response.status_code == 200
    bearer = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
    sets = _get(client, bearer, verb="ListSets")
    assert b"<setSpec>KH:patents</setSpec>" in sets.data and b"TH" not in sets.data
    with db.session() as session:
        user = next(u for u in users.all_users(session) if u.email == world.users["KH"])
        users.set_active(session, user, False, "test")
    assert _get(client, bearer).status_code == 401


def test_office_key_bearer_token(client, db, world):
    key = new_upload_key(db, "TH")
    response = client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic_header("TH", key)
    )
    bearer = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
    sets = _get(client, bearer, verb="ListSets")
    assert b"<setSpec>TH:designs</setSpec>" in sets.data and b"KH" not in sets.data
    new_upload_key(db, "TH")  # replacing the key invalidates its tokens
    assert _get(client, bearer).status_code == 401
