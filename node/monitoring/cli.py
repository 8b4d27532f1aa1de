"""``iphub monitor`` (figures, checks, thresholds) and ``iphub notify`` (subscriptions, sending)."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from node import ports
from node.monitoring import alerts, jobs, years
from node.monitoring.figures import collect
from node.monitoring.views import set_json
from node.notify import subscriptions
from node.storage import get_db
from store.base import utcnow
from store.models import IP_TYPES
from store.urls import UrlRefused


@click.group("monitor")
def monitor_group() -> None:
    """Freshness and completeness of every office × IP type, and alerts."""


@monitor_group.command("check")
@click.option("--no-probe", is_flag=True, help="Do not ask the offices for their counts.")
@with_appcontext
def check(no_probe: bool) -> None:
    """Count at the offices (when due), recount years, open/resolve alerts, send feedback."""
    probe = None if no_probe else ports.plugged(current_app, ports.OFFICE_COUNTER)
    report = jobs.check(get_db(), current_app.config, probe=probe)
    for line in report.lines():
        click.echo(line)


@monitor_group.command("status")
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def status(code: str | None, as_json: bool) -> None:
    """Freshness, completeness, gaps and open alerts per set."""
    now = utcnow()
    with get_db().session() as session:
        rows = [
            set_json(s, years.gaps(years.stored(session, s.office, s.ip_type)), now, full=True)
            for s in collect(session, code.upper() if code else None)
        ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        complete = f"{r['completeness']:.1%}" if r["completeness"] is not None else "-"
        gaps = ",".join(str(g["year"]) for g in r["gaps_by_year"]) or "none"
        click.echo(f"{r['set']:18} held {r['records_held']:>8}  at office "
                   f"{r['records_at_office'] if r['records_at_office'] is not None else '-':>8}  "
                   f"complete {complete:>7}  fresh as of {r['fresh_as_of'] or 'never'}  "
                   f"gaps {gaps}  alerts {[a['kind'] for a in r['alerts']] or '-'}")  # fmt: skip


@monitor_group.command("threshold")
@click.argument("code")
@click.option("--ip-type", type=click.Choice(IP_TYPES), help="Only this IP type (default: all).")
@click.option("--quiet-days", type=float, help="Days without a new or changed record.")
@click.option("--count-gap", type=float, help="Share by which the counts may differ (0.05).")
@click.option("--failed-runs", type=int, help="Consecutive failed runs.")
@with_appcontext
def threshold(code, ip_type, quiet_days, count_gap, failed_runs) -> None:
    """Set an office's (or one of its sets') alert thresholds; unset ones use the defaults."""
    with get_db().session() as session:
        alerts.set_threshold(session, code.upper(), ip_type or "", quiet_days=quiet_days,
                             count_gap=count_gap, failed_runs=failed_runs)  # fmt: skip
    click.echo(f"thresholds of {code.upper()} {ip_type or '(every IP type)'} saved")


@click.group("notify")
def notify_group() -> None:
    """Pushed feedback: webhook and e-mail receivers of an office, the outbox."""


@notify_group.command("add")
@click.argument("code")
@click.argument("target")
@click.option("--email", is_flag=True, help="TARGET is an e-mail address (digests).")
@with_appcontext
def add(code: str, target: str, email: bool) -> None:
    """Register a webhook URL (prints its secret once) or, with --email, an address."""
    allow = bool(current_app.config.get("NOTIFY_ALLOW_PRIVATE"))
    try:
        with get_db().session() as session:
            if email:
                row = subscriptions.add_email(session, code.upper(), target, by="cli")
                click.echo(f"subscription {row.id}: e-mail digests to {row.target}")
                return
            row, secret = subscriptions.add_webhook(
                session, code.upper(), target, allow_private=allow, by="cli"
            )
            click.echo(
                f"subscription {row.id}: webhook {row.target}\nsecret (shown once): {secret}"
            )
    except (UrlRefused, subscriptions.SubscriptionError) as refused:
        raise click.ClickException(str(refused)) from None


@notify_group.command("list")
@click.argument("code", required=False)
@with_appcontext
def listing(code: str | None) -> None:
    """Subscriptions (every office's, or CODE's)."""
    with get_db().session() as session:
        for s in subscriptions.listing(session, code.upper() if code else None):
            state = "active" if s.active else "stopped"
            click.echo(f"{s.id:>4} {s.office_code:6} {s.kind:8} {state:8} {s.target}")


@notify_group.command("stop")
@click.argument("code")
@click.argument("subscription_id", type=int)
@with_appcontext
def stop(code: str, subscription_id: int) -> None:
    """Stop sending to a subscription (its log stays)."""
    with get_db().session() as session:
        if not subscriptions.deactivate(session, code.upper(), subscription_id):
            raise click.ClickException(f"{code.upper()} has no subscription {subscription_id}")
    click.echo(f"subscription {subscription_id} stopped")


@notify_group.command("send")
@with_appcontext
def send() -> None:
    """Send the deliveries that are due now (the scheduler does this every NOTIFY_INTERVAL)."""
    click.echo(jobs.send(get_db(), current_app.config).line())


@notify_group.command("log")
@click.argument("code", required=False)
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def log(code: str | None, limit: int) -> None:
    """The latest deliveries with their state, attempts and last answer."""
    with get_db().session() as session:
        for d in subscriptions.delivery_log(session, code.upper() if code else None, limit):
            answer = f"{d.last_status or ''} {d.last_error or ''}"
            click.echo(f"{d.id:>5} {d.office_code:6} {d.event:15} {d.state:8} "
                       f"attempts {d.attempts}  {answer}")  # fmt: skip


GROUPS = (monitor_group, notify_group)
