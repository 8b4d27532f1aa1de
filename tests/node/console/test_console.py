"""The coordinator console: coordinators only; offices, endpoints, third-party requests, users,
grants, sets, harvest runs and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from node.access import grants, parties, users
from simulator.demo.world import basic_header
from store.access_models import Grant, ThirdParty, ThirdPartyRequest, User
from store.base import utcnow
from store.models import Endpoint, HarvestRun, Office
from tests.access_support import add_grant

PAGES = (
    "/console/",
    "/console/offices",
    "/console/offices/KH",
    "/console/sets",
    "/console/third-parties",
    "/console/users",
    "/console/grants",
    "/console/harvests",
    "/console/workers",
    "/console/audit",
)


@pytest.mark.parametrize("who", ["KH", None])
def test_console_is_for_coordinators_only(client, login, who):
    if who:
        login(who)
    for url in PAGES:
        assert client.get(url).status_code == (403 if who else 302), url


def test_every_page_renders(client, login):
    login("coordinator")
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_add_and_edit_office_and_endpoint(client, login, token, db):
    login("coordinator")
    response = client.post(
        "/console/offices",
        data={
            "csrf_token": token("/console/offices"),
            "code": "la",
            "name": "Lao DIP",
            "may_invite": "y",
        },
    )
    assert response.status_code == 302
    url = "/console/offices/LA"
    client.post(
        f"{url}/endpoints",
        data={
            "csrf_token": token(url),
            "url": "https://dip.example/oai",
            "metadata_prefix": "st66",
            "set_spec": "",
            "schedule": "every 6h",
            "enabled": "y",
        },
    )
    with db.session() as session:
        office = grants.office_by_code(session, "LA")
        assert parties.may_invite(session, office)
        (endpoint,) = office.endpoints
        assert (endpoint.metadata_prefix, endpoint.schedule) == ("st66", "every 6h")
        endpoint_id = endpoint.id
    edit = f"{url}/endpoints/{endpoint_id}"
    client.post(
        edit,
        data={
            "csrf_token": token(edit),
            "url": "https://dip.example/oai2",
            "metadata_prefix": "st66",
            "schedule": "0 2 * * *",
        },
    )
    client.post(url, data={"csrf_token": token(url), "code": "LA", "name": "Lao DIP (new)"})
    with db.session() as session:
        endpoint = session.get(Endpoint, endpoint_id)
        assert endpoint.url.endswith("oai2") and not endpoint.enabled
        office = grants.office_by_code(session, "LA")
        assert office.name == "Lao DIP (new)" and not parties.may_invite(session, office)


def test_approve_third_party_request(client, login, token, db):
    with db.session() as session:
        office = grants.office_by_code(session, "KH")
        item = parties.request_party(
            session, office, "KIPO", "Korean IP Office", "office", "", "staff@kh.example"
        )
        session.flush()
        item_id = item.id
    login("coordinator")
    page = "/console/third-parties"
    assert b"KIPO" in client.get(page).data
    client.post(f"{page}/requests/{item_id}/approve", data={"csrf_token": token(page)})
    with db.session() as session:
        assert session.scalar(select(ThirdParty).where(ThirdParty.code == "KIPO")) is not None
    again = client.post(
        f"{page}/requests/{item_id}/reject", data={"csrf_token": token(page), "confirmed": "yes"}
    )
    assert again.status_code == 302


@pytest.mark.parametrize("approve", [True, False])
def test_request_whose_party_exists_meanwhile_is_closed(client, login, token, db, approve):
    """The third party is registered while the request waits: deciding it closes it cleanly."""
    with db.session() as session:
        office = grants.office_by_code(session, "KH")
        item = parties.request_party(session, office, "KIPO", "Korean IPO", "office", "", "kh")
        session.flush()
        item_id = item.id
        parties.add(session, "KIPO", "Korean IPO", "office", "", "coordinator")
    login("coordinator")
    page = "/console/third-parties"
    decision = "approve" if approve else "reject"
    done = client.post(
        f"{page}/requests/{item_id}/{decision}",
        data={"csrf_token": token(page), "confirmed": "yes"},
        follow_redirects=True,
    )
    expected = (
        "Third party KIPO already exists; the request is closed as approved."
        if approve
        else "Request for KIPO rejected."
    )
    assert expected in done.data.decode()
    assert "await approval" not in client.get("/console/").data.decode()
    with db.session() as session:
        assert session.get(ThirdPartyRequest, item_id).status == (
            "approved" if approve else "rejected"
        )
        assert len(session.scalars(select(ThirdParty).where(ThirdParty.code == "KIPO")).all()) == 1


@pytest.mark.parametrize(
    ("url", "question"),
    [
        ("/console/grants/{grant}/revoke", "Revoke the access of Japan Patent Office to TH"),
        ("/console/users/{user}/deactivate", "Deactivate new@th.example?"),
        ("/console/third-parties/requests/{request}/reject", "Reject KH&#39;s request"),
    ],
)
def test_destructive_console_posts_ask_first(client, login, token, db, url, question):
    """Unconfirmed, each destructive post shows the confirmation page and changes nothing."""
    with db.session() as session:
        grant = add_grant(session, "TH", "JPO", "designs").grant
        office = grants.office_by_code(session, "KH")
        item = parties.request_party(session, office, "KIPO", "Korean IPO", "office", "", "kh")
        user = users.add(session, "new@th.example", "long enough pw", "office", office, "test")
        session.flush()
        ids = {"grant": grant.id, "request": item.id, "user": user.id}
    login("coordinator")
    response = client.post(url.format(**ids), data={"csrf_token": token("/console/users")})
    assert response.status_code == 200
    html = response.data.decode()
    assert question in html and 'id="confirm-action"' in html
    with db.session() as session:
        assert session.get(Grant, ids["grant"]).active
        assert session.get(User, ids["user"]).active
        assert session.get(ThirdPartyRequest, ids["request"]).status == "pending"


def test_add_and_deactivate_user(client, login, token, db):
    login("coordinator")
    page = "/console/users"
    client.post(
        page,
        data={
            "csrf_token": token(page),
            "email": "new@th.example",
            "role": "office",
            "office": "TH",
            "password": "long enough pw",
        },
    )
    with db.session() as session:
        user = session.scalar(select(User).where(User.email == "new@th.example"))
        assert user.office.code == "TH"
    client.post(
        f"/console/users/{user.id}/deactivate",
        data={"csrf_token": token(page), "confirmed": "yes"},
    )
    with db.session() as session:
        assert not session.get(User, user.id).active
    headers = basic_header("new@th.example", "long enough pw")
    assert client.get("/oai?verb=Identify", headers=headers).status_code == 401


def test_revoke_any_grant(client, login, token, db):
    with db.session() as session:
        result = add_grant(session, "TH", "JPO", "designs")
        session.flush()
        grant_id, client_id, secret = result.grant.id, result.grant.client_id, result.secret
    login("coordinator")
    assert client_id.encode() in client.get("/console/grants").data
    client.post(
        f"/console/grants/{grant_id}/revoke",
        data={"csrf_token": token("/console/grants"), "confirmed": "yes"},
    )
    headers = basic_header(client_id, secret)
    assert client.get("/oai?verb=Identify", headers=headers).status_code == 401


def test_sets_and_harvests_at_a_glance(client, login, db):
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == "KH"))
        endpoint = Endpoint(
            office_id=office.id, url="https://kh.example/oai", metadata_prefix="st66"
        )
        session.add(endpoint)
        session.flush()
        session.add_all(
            [
                HarvestRun(office_id=office.id, endpoint_id=endpoint.id, status="succeeded", new=5),
                HarvestRun(
                    office_id=office.id,
                    endpoint_id=endpoint.id,
                    status="failed",
                    new=2,
                    last_error="connection refused",
                    started_at=utcnow(),
                ),
            ]
        )
    login("coordinator")
    harvests = client.get("/console/harvests").data.decode()
    assert "connection refused" in harvests and "failed" in harvests
    sets = client.get("/console/sets").data.decode()
    assert "KH:patents" in sets and "TH:designs" in sets


def test_a_run_whose_process_is_gone_shows_interrupted(client, login, db):
    """Its lease expired (crash, kill -9): the harvests page says interrupted, not running."""
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == "KH"))
        endpoint = Endpoint(office_id=office.id, url="https://kh.example/oai",
                            metadata_prefix="st66")  # fmt: skip
        session.add(endpoint)
        session.flush()
        session.add(HarvestRun(office_id=office.id, endpoint_id=endpoint.id, status="running",
                               lease_key=f"endpoint:{endpoint.id}",
                               lease_holder="gone:1:x"))  # fmt: skip
    login("coordinator")
    harvests = client.get("/console/harvests").data.decode()
    assert "status-interrupted" in harvests and "status-running" not in harvests
