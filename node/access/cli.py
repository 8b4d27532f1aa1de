"""``iphub third-party``, ``iphub grant`` and ``iphub user``: access control from the shell.

Every command writes audit events as ``cli:<os user>``; secrets are printed once and never kept.
Register with ``cli.add_command(...)`` for each group in :data:`GROUPS`.
"""

from __future__ import annotations

import getpass
import json
import sys

import click
from flask.cli import with_appcontext

from node.access import grants, parties, users
from node.storage import get_db
from store.access_models import LEVELS, THIRD_PARTY_KINDS
from store.models import IP_TYPES


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no passwd entry (containers)
        return "cli:unknown"


def _fail(message: str) -> None:
    click.echo(f"iphub: {message}", err=True)
    sys.exit(1)


@click.group("third-party")
def third_party_group() -> None:
    """Organisations that harvest from the node."""


@third_party_group.command("add")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(THIRD_PARTY_KINDS), default="company", show_default=True)
@click.option("--contact", default="")
@with_appcontext
def third_party_add(code: str, name: str, kind: str, contact: str) -> None:
    """Register third party CODE (e.g. JPO)."""
    try:
        with get_db().session() as session:
            party = parties.add(session, code, name, kind, contact, _actor())
            click.echo(f"third party {party.code} added")
    except parties.PartyError as error:
        _fail(str(error))


@third_party_group.command("list")
@with_appcontext
def third_party_list() -> None:
    """List third parties."""
    with get_db().session() as session:
        for party in parties.all_parties(session):
            click.echo(f"{party.code}\t{party.kind}\t{party.name}")


@click.group("grant")
def grant_group() -> None:
    """Which third party may harvest which office's data."""


@grant_group.command("add")
@click.option("--office", required=True, help="Office code, e.g. KH.")
@click.option("--third-party", "third_party", required=True, help="Third-party code, e.g. JPO.")
@click.option("--ip-type", type=click.Choice(IP_TYPES), required=True)
@click.option("--level", type=click.Choice(LEVELS), default="data", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print {client_id, client_secret} as JSON.")
@with_appcontext
def grant_add(office: str, third_party: str, ip_type: str, level: str, as_json: bool) -> None:
    """Authorize a third party; prints the client id and the secret (shown only now)."""
    with get_db().session() as session:
        the_office = grants.office_by_code(session, office)
        party = grants.third_party_by_code(session, third_party)
        if the_office is None:
            _fail(f"unknown office {office}")
        if party is None:
            _fail(f"unknown third party {third_party}")
        result = grants.grant_access(session, the_office, party, ip_type, level, _actor())
        if result.secret is None:
            client_id = result.grant.client_id
            _fail(
                f"{party.code} already holds {ip_type} of {the_office.code} as {client_id}; "
                f"run `iphub grant rotate {client_id}` for a new secret or revoke it first"
            )
        _print_credentials(result.grant.client_id, result.secret, as_json)


def _print_credentials(client_id: str, secret: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"client_id": client_id, "client_secret": secret}))
    else:
        click.echo(f"client_id:     {client_id}")
        click.echo(f"client_secret: {secret}")
        click.echo("The secret is shown only now; hand it over securely.", err=True)


@grant_group.command("list")
@click.option("--office", default=None, help="Only this office's grants.")
@click.option("--all", "show_all", is_flag=True, help="Include revoked grants.")
@with_appcontext
def grant_list(office: str | None, show_all: bool) -> None:
    """List grants: client id, office, third party, IP type, level, status."""
    with get_db().session() as session:
        the_office = None
        if office:
            the_office = grants.office_by_code(session, office)
            if the_office is None:
                _fail(f"unknown office {office}")
        for grant in grants.listing(session, the_office, active_only=not show_all):
            status = "active" if grant.active else f"revoked {grant.revoked_at:%Y-%m-%dT%H:%M:%SZ}"
            click.echo(
                "\t".join(
                    (
                        grant.client_id,
                        grant.office.code,
                        grant.third_party.code,
                        grant.ip_type,
                        grant.level,
                        status,
                    )
                )
            )


def _grant_or_fail(session, client_id: str):
    grant = grants.by_client_id(session, client_id)
    if grant is None:
        _fail(f"no grant with client id {client_id}")
    return grant


@grant_group.command("revoke")
@click.argument("client_id")
@with_appcontext
def grant_revoke(client_id: str) -> None:
    """Revoke CLIENT_ID; its next request is refused."""
    with get_db().session() as session:
        grants.revoke(session, _grant_or_fail(session, client_id), _actor())
    click.echo(f"revoked {client_id}")


@grant_group.command("rotate")
@click.argument("client_id")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def grant_rotate(client_id: str, as_json: bool) -> None:
    """Issue a new secret for CLIENT_ID; the old one stops working at once."""
    with get_db().session() as session:
        try:
            secret = grants.rotate(session, _grant_or_fail(session, client_id), _actor())
        except grants.GrantError as error:
            _fail(str(error))
    _print_credentials(client_id, secret, as_json)


@click.group("user")
def user_group() -> None:
    """Portal and console users."""


_password_option = click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="IPHUB_USER_PASSWORD",
    help="Prompted when omitted.",
)


def _user_or_fail(session, email: str):
    user = next((u for u in users.all_users(session) if u.email == email.lower()), None)
    if user is None:
        _fail(f"no user {email}")
    return user


@user_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(("office", "coordinator")), required=True)
@click.option("--office", default=None, help="Office code (office staff).")
@_password_option
@with_appcontext
def user_add(email: str, role: str, office: str | None, password: str) -> None:
    """Create a user who logs in to the portal (office) or the console (coordinator)."""
    with get_db().session() as session:
        the_office = grants.office_by_code(session, office) if office else None
        if office and the_office is None:
            _fail(f"unknown office {office}")
        try:
            user = users.add(session, email, password, role, the_office, _actor())
        except users.UserError as error:
            _fail(str(error))
        click.echo(
            f"user {user.email} ({role}{' of ' + the_office.code if the_office else ''}) added"
        )


@user_group.command("deactivate")
@click.argument("email")
@with_appcontext
def user_deactivate(email: str) -> None:
    """Deactivate a user; every session of theirs ends at once."""
    with get_db().session() as session:
        users.set_active(session, _user_or_fail(session, email), False, _actor())
    click.echo(f"deactivated {email}")


@user_group.command("password")
@click.argument("email")
@_password_option
@with_appcontext
def user_password(email: str, password: str) -> None:
    """Set a user's password; every session and bearer token of theirs ends at once."""
    with get_db().session() as session:
        try:
            users.set_password(session, _user_or_fail(session, email), password, _actor())
        except users.UserError as error:
            _fail(str(error))
    click.echo(f"password of {email} changed; their sessions ended")


GROUPS = (third_party_group, grant_group, user_group)
