"""``iphub third-party``, ``grant`` and ``user`` commands: output, effects, audit events."""

from __future__ import annotations

import getpass
import json

from sqlalchemy import select

from node.access.cli import grant_group, third_party_group, user_group
from simulator.demo.world import basic_header
from store.access_models import AuditEvent, User


def _invoke(runner, group, *args: str):
    result = runner.invoke(group, list(args))
    return result


def test_third_party_add_and_list(runner, world):
    result = _invoke(
        runner,
        third_party_group,
        "add",
        "EPO",
        "--name",
        "European Patent Office",
        "--kind",
        "office",
    )
    assert result.exit_code == 0, result.output
    assert "EPO" in _invoke(runner, third_party_group, "list").output
    assert _invoke(runner, third_party_group, "add", "EPO", "--name", "again").exit_code == 1


def test_grant_add_json_then_harvest(runner, client, world):
    result = _invoke(
        runner,
        grant_group,
        "add",
        "--office",
        "KH",
        "--third-party",
        "JPO",
        "--ip-type",
        "patents",
        "--level",
        "data",
        "--json",
    )
    assert result.exit_code == 0, result.output
    credentials = json.loads(result.stdout)
    assert set(credentials) == {"client_id", "client_secret"}
    response = client.get(
        "/oai",
        query_string={"verb": "ListSets"},
        headers=basic_header(credentials["client_id"], credentials["client_secret"]),
    )
    assert response.status_code == 200 and b"<setSpec>KH:patents</setSpec>" in response.data
    assert b"KH:trademarks" not in response.data


def test_grant_add_plain_output_and_duplicate(runner, world):
    args = ("add", "--office", "KH", "--third-party", "JPO", "--ip-type", "designs")
    result = _invoke(runner, grant_group, *args)
    assert "client_id:" in result.stdout and "client_secret:" in result.stdout
    again = _invoke(runner, grant_group, *args)
    assert again.exit_code == 1 and "already holds" in again.output
    assert (
        _invoke(
            runner,
            grant_group,
            "add",
            "--office",
            "XX",
            "--third-party",
            "JPO",
            "--ip-type",
            "designs",
        ).exit_code
        == 1
    )


def test_grant_list_revoke_rotate(runner, client, world, db):
    added = json.loads(
        _invoke(
            runner,
            grant_group,
            "add",
            "--office",
            "TH",
            "--third-party",
            "WIPO",
            "--ip-type",
            "designs",
            "--json",
        ).stdout
    )
    client_id = added["client_id"]
    listing = _invoke(runner, grant_group, "list", "--office", "TH").output
    assert client_id in listing and "designs" in listing and "active" in listing
    rotated = json.loads(_invoke(runner, grant_group, "rotate", client_id, "--json").stdout)
    assert rotated["client_id"] == client_id and rotated["client_secret"] != added["client_secret"]
    old = basic_header(client_id, added["client_secret"])
    new = basic_header(client_id, rotated["client_secret"])
    assert client.get("/oai?verb=Identify", headers=old).status_code == 401
    assert client.get("/oai?verb=Identify", headers=new).status_code == 200
    assert _invoke(runner, grant_group, "revoke", client_id).exit_code == 0
    assert client.get("/oai?verb=Identify", headers=new).status_code == 401
    assert client_id not in _invoke(runner, grant_group, "list").output
    assert "revoked" in _invoke(runner, grant_group, "list", "--all").output
    assert _invoke(runner, grant_group, "revoke", "iph_nope").exit_code == 1
    with db.session() as session:
        actors = set(
            session.scalars(
                select(AuditEvent.actor).where(
                    AuditEvent.action.in_(["grant.created", "grant.rotated", "grant.revoked"])
                )
            )
        )
    assert actors == {f"cli:{getpass.getuser()}"}


def test_user_add(runner, db, world):
    result = _invoke(
        runner,
        user_group,
        "add",
        "New@KH.example",
        "--role",
        "office",
        "--office",
        "KH",
        "--password",
        "a long enough password",
    )
    assert result.exit_code == 0, result.output
    with db.session() as session:
        user = session.scalar(select(User).where(User.email == "new@kh.example"))
        assert user.office.code == "KH" and user.password_hash.startswith("pbkdf2:")
    short = _invoke(
        runner,
        user_group,
        "add",
        "x@kh.example",
        "--role",
        "office",
        "--office",
        "KH",
        "--password",
        "short",
    )
    assert short.exit_code == 1 and "at least" in short.output
    prompted = runner.invoke(
        user_group,
        ["add", "boss@iphub.example", "--role", "coordinator"],
        input="another long password\nanother long password\n",
    )
    assert prompted.exit_code == 0, prompted.output
    assert _invoke(runner, user_group, "deactivate", "boss@iphub.example").exit_code == 0
