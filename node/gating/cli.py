"""``iphub gate``: thresholds per office × IP type, held deliveries, release and reject."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from node.storage import get_db
from store.gating import decide, queries, settings
from store.gating.models import GateDelivery
from store.models import IP_TYPES

#: option name → threshold (shares as fractions: 0.2 = 20 %)
OPTIONS = {"critical": "critical_share", "invalid": "invalid_share",
           "count_drop": "count_drop", "collisions": "collision_share"}  # fmt: skip


@click.group("gate")
def gate_group() -> None:
    """Delivery gating: hold deliveries that breach thresholds until released or rejected."""


@gate_group.command("set")
@click.argument("code")
@click.argument("ip_type", type=click.Choice(IP_TYPES))
@click.option("--critical", type=float, help="Max share of records with critical/error findings.")
@click.option("--invalid", type=float, help="Max share of records failing XSD validation.")
@click.option("--count-drop", type=float, help="Max drop in records against the last delivery.")
@click.option("--collisions", type=float, help="Max share of records sharing an application no.")
@click.option("--auto-release-hours", type=float, help="Release held deliveries after N hours.")
@click.option(
    "--office-may-release/--coordinator-only",
    default=None,
    help="Whether the office may release or reject its own held deliveries.",
)
@click.option(
    "--off",
    "off",
    multiple=True,
    type=click.Choice([*OPTIONS, "auto-release"]),
    help="Turn a threshold (or the auto-release) off; repeatable.",
)
@with_appcontext
def set_command(code, ip_type, auto_release_hours, office_may_release, off, **shares) -> None:
    """Set an office × IP type's thresholds (shares as fractions, 0.2 = 20 %)."""
    values = {OPTIONS[name]: share for name, share in shares.items() if share is not None}
    values.update({OPTIONS[name]: None for name in off if name in OPTIONS})
    if auto_release_hours is not None:
        values["auto_release_hours"] = auto_release_hours
    if "auto-release" in off:
        values["auto_release_hours"] = None
    if office_may_release is not None:
        values["office_may_release"] = office_may_release
    try:
        with get_db().session() as session:
            settings.set_limits(session, code.upper(), ip_type, "cli", **values)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"gating of {code.upper()} {ip_type} saved")


@gate_group.command("show")
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def show(code: str | None, as_json: bool) -> None:
    """Thresholds and held deliveries (of one office, or all)."""
    office = code.upper() if code else None
    with get_db().session() as session:
        limits = settings.listing(session, office)
        held = queries.deliveries(session, office, "held")
        if as_json:
            click.echo(json.dumps({
                "settings": [_limits_json(row) for row in limits],
                "held": [queries.delivery_json(d) for d in held],
            }, indent=2))  # fmt: skip
            return
        for row in limits:
            click.echo(" ".join(f"{k}={v}" for k, v in _limits_json(row).items()))
        for delivery in held:
            click.echo(_line(delivery))
        if not held:
            click.echo("no delivery held")


def _limits_json(row) -> dict:
    names = ("office_code", "ip_type", *settings.THRESHOLDS, "auto_release_hours",
             "office_may_release")  # fmt: skip
    return {name: getattr(row, name) for name in names}


def _line(delivery: GateDelivery) -> str:
    why = "; ".join(f"{b['threshold']} {b['value']:.1%} > {b['limit']:.1%}"
                    for b in delivery.breaches)  # fmt: skip
    return (f"delivery {delivery.id}: {delivery.office_code} {delivery.ip_type} run "
            f"{delivery.run_id} {delivery.state} ({why})")  # fmt: skip


@gate_group.command("release")
@click.argument("delivery_id", type=int)
@with_appcontext
def release(delivery_id: int) -> None:
    """Publish a held delivery (its records dated now)."""
    _decide("release", delivery_id)


@gate_group.command("reject")
@click.argument("delivery_id", type=int)
@with_appcontext
def reject(delivery_id: int) -> None:
    """Discard a held delivery's versions (the source records stay stored)."""
    _decide("reject", delivery_id)


def _decide(action: str, delivery_id: int) -> None:
    try:
        with get_db().session() as session:
            click.echo(_line(decide.decide(session, delivery_id, action, "cli")))
    except decide.NotHeld as error:
        raise click.ClickException(str(error)) from error


@gate_group.command("auto-release")
@with_appcontext
def auto_release() -> None:
    """Release the held deliveries whose auto-release time has come."""
    released = decide.auto_release(get_db())
    click.echo(f"{len(released)} held deliveries released")
