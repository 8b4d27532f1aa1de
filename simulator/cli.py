"""The simulator's commands: ``iphub simulate-office`` (here), ``iphub demo`` and ``iphub seed``.

``simulate-office`` serves one simulated office on a port, for demos and benchmarks. It needs no
Flask app; it runs the endpoint with werkzeug's threaded server until interrupted. The app's CLI
assembly (``iphub.cli``) adds all three through :func:`register`.
"""

from __future__ import annotations

import click
from werkzeug.serving import run_simple

from oaiprotocol import dates
from simulator.demo.cli import seed_command
from simulator.demo.command import demo
from simulator.faults import KINDS
from simulator.generators import GENERATORS
from simulator.offices import OFFICES
from simulator.server import SimulatedOffice


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@click.command("simulate-office", context_settings={"show_default": True})
@click.argument("code", type=click.Choice(sorted(OFFICES), case_sensitive=False))
@click.option("--port", type=int, default=8070, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", help="Interface to bind.")
@click.option(
    "--records", type=click.IntRange(min=0), default=1000, help="Generated records per IP type."
)
@click.option(
    "--seed", type=int, default=0, help="Same office, seed and record count give the same records."
)
@click.option(
    "--ip-types",
    default="trademarks",
    help=f"Comma-separated IP types ({', '.join(sorted(GENERATORS))}).",
)
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=100,
    help="Records or headers per list response.",
)
@click.option(
    "--granularity",
    type=click.Choice([dates.SECONDS, dates.DAY]),
    default=dates.SECONDS,
    help="Datestamp granularity.",
)
@click.option(
    "--faults",
    type=click.FloatRange(0.0, 1.0 / len(KINDS)),
    default=0.0,
    help="Share of requests failing with EACH fault kind.",
)
@click.option(
    "--fault-kinds",
    default=",".join(KINDS),
    help="Comma-separated fault kinds to inject (see simulator.faults).",
)
@click.option(
    "--fault-delay",
    type=float,
    default=1.0,
    help="Seconds a 'slow' fault waits; set it above the harvester's timeout.",
)
def simulate_office(
    code: str,
    port: int,
    host: str,
    records: int,
    seed: int,
    ip_types: str,
    page_size: int,
    granularity: str,
    faults: float,
    fault_kinds: str,
    fault_delay: float,
) -> None:
    """Serve a simulated office CODE as an OAI-PMH 2.0 endpoint at http://HOST:PORT/oai."""
    try:
        office = SimulatedOffice(
            code,
            records=records,
            seed=seed,
            ip_types=_split(ip_types),
            faults=faults,
            page_size=page_size,
            granularity=granularity,
            fault_kinds=_split(fault_kinds),
            fault_delay=fault_delay,
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    click.echo(
        f"Simulated {office.profile.name} ({office.code}): {records} records per IP type "
        f"({', '.join(office.ip_types)}), seed {seed}, faults {faults:g} per kind"
    )
    click.echo(f"OAI-PMH endpoint: http://{host}:{port}/oai")
    run_simple(host, port, office, threaded=True, use_reloader=False)


def register(group: click.Group) -> None:
    """Add the simulator's and the demo's commands to the ``iphub`` group."""
    for command in (simulate_office, demo, seed_command):
        group.add_command(command)
