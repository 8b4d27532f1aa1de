"""``iphub demo`` (what ``make demo`` runs): the whole road on one machine in about a minute.

Simulated office endpoints run as separate processes (as real offices are separate servers),
the harvest runs in this process with its progress shown, the scheduler runs as its own process
(as in production), and the node is served in the foreground until Ctrl-C, which stops the rest.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from harvester.batch import harvest_offices
from harvester.settings import HarvestSettings
from node.monitoring.jobs import after_runs
from node.offices import name_of
from node.storage import get_db
from store import migrate
from store.database import Database
from store.document_models import DocumentSource
from store.models import Endpoint, Office

#: Offices the demo simulates (names from :mod:`node.offices`); each serves every IP type.
OFFICES: tuple[str, ...] = ("KH", "ID", "TH", "VN", "PH", "MY", "BN", "LA")
PREFIXES = {"trademarks": "st66", "patents": "st36", "designs": "st86"}
DEMO_PASSWORD = "demo-password-2026"
DEMO_SCHEDULE = "every 10m"
ACTOR = "demo"


@dataclass
class Simulator:
    code: str
    url: str
    process: subprocess.Popen


def _free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise click.ClickException(f"no free port from {start}")


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise click.ClickException(f"{url}: the process exited ({process.returncode})")
        try:
            requests.get(url, params={"verb": "Identify"}, timeout=2).raise_for_status()
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise click.ClickException(f"{url} did not answer within {seconds:.0f}s")


def _children() -> list[subprocess.Popen]:
    processes: list[subprocess.Popen] = []

    def stop() -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    atexit.register(stop)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    return processes


def start_simulators(records: int, seed: int, processes: list) -> list[Simulator]:
    """One `iphub simulate-office` process per office, serving its three IP types."""
    simulators, port = [], 8101
    for code in OFFICES:
        port = _free_port(port)
        command = [
            sys.executable, "-m", "iphub.cli", "simulate-office", code, "--port", str(port),
            "--records", str(records), "--seed", str(seed),
            "--ip-types", ",".join(PREFIXES),
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        simulators.append(Simulator(code, f"http://127.0.0.1:{port}/oai", process))
        port += 1
    for simulator in simulators:
        _wait_for(simulator.url, simulator.process)
    return simulators


def register_offices(db: Database, simulators: list[Simulator]) -> None:
    """Offices and one endpoint per metadata prefix, scheduled; idempotent across demo runs."""
    with db.session() as session:
        for simulator in simulators:
            office = session.scalar(select(Office).where(Office.code == simulator.code))
            if office is None:
                office = Office(code=simulator.code, name=name_of(simulator.code))
                session.add(office)
                session.flush()
            # The simulator serves the files its records name beside /oai.
            pattern = simulator.url.removesuffix("/oai") + "/documents/{filename}"
            session.merge(DocumentSource(office_id=office.id, url_pattern=pattern, enabled=True))
            wanted = set(PREFIXES.values())
            for endpoint in office.endpoints:
                # A new demo run may get other ports: point the existing endpoints at them.
                if endpoint.metadata_prefix in wanted:
                    endpoint.url = simulator.url
                    wanted.discard(endpoint.metadata_prefix)
            for prefix in sorted(wanted):
                office.endpoints.append(
                    Endpoint(url=simulator.url, metadata_prefix=prefix, schedule=DEMO_SCHEDULE)
                )


#: The demo third party's grants from KH: (IP type, level), each with its own client id and
#: secret, as every authorization has.
DEMO_GRANTS = (("trademarks", "documents"), ("designs", "data"))


def demo_credentials(db: Database) -> dict[str, tuple[str, str]]:
    """A third party with a KH trademarks grant (data and documents) and a KH designs grant
    (data only), an office user and a coordinator; IP type → (client id, secret)."""
    from node.access import grants, parties, users
    from store.access_models import ThirdParty, User

    with db.session() as session:
        kh = session.scalar(select(Office).where(Office.code == "KH"))
        party = session.scalar(select(ThirdParty).where(ThirdParty.code == "WIPO"))
        if party is None:
            party = parties.add(session, "WIPO", "World Intellectual Property Organization",
                                "wipo", "data@wipo.example", ACTOR)  # fmt: skip
        created = {}
        for ip_type, level in DEMO_GRANTS:
            result = grants.grant_access(session, kh, party, ip_type, level, ACTOR)
            secret = result.secret or grants.rotate(session, result.grant, ACTOR)
            created[ip_type] = (result.grant.client_id, secret)
        for email, role, office in (
            ("kh@demo.iphub", "office", kh),
            ("coordinator@demo.iphub", "coordinator", None),
        ):
            if session.scalar(select(User).where(User.email == email)) is None:
                users.add(session, email, DEMO_PASSWORD, role, office, ACTOR)
    return created


def start_scheduler(processes: list) -> None:
    command = [sys.executable, "-m", "iphub.cli", "scheduler"]
    log = open(os.path.join(current_app.instance_path, "scheduler.log"), "ab")  # noqa: SIM115
    processes.append(subprocess.Popen(command, stdout=log, stderr=log))


def banner(host: str, port: int, credentials: dict[str, tuple[str, str]]) -> str:
    base = f"http://{host}:{port}"
    client_id, secret = credentials["trademarks"]
    design_id, design_secret = credentials["designs"]
    return f"""
iphub demo is running
  node           {base}/
  OAI-PMH        {base}/oai?verb=Identify
  office portal  {base}/portal/KH/authorizations   login kh@demo.iphub / {DEMO_PASSWORD}
  quality        {base}/portal/KH/quality
  console        {base}/console/                    login coordinator@demo.iphub / {DEMO_PASSWORD}

  KH trademarks, data and documents:
    client id      {client_id}
    client secret  {secret}
  KH designs, data only (a grant of its own, so credentials of its own):
    client id      {design_id}
    client secret  {design_secret}

  try:  curl -u {client_id}:{secret} '{base}/oai?verb=ListSets'
  or:   python -c "from sickle import Sickle; s = Sickle('{base}/oai', auth=('{client_id}', '{secret}')); print(sum(1 for _ in s.ListRecords(metadataPrefix='st96')))"

Ctrl-C stops the node, the scheduler and the simulated offices.
"""  # noqa: E501


@click.command("demo", context_settings={"show_default": True})
@click.option("--records", default=100, help="Records per office and IP type.")
@click.option("--seed", default=2026)
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--no-serve", is_flag=True, help="Set up and harvest, then exit (for tests).")
@with_appcontext
def demo(records: int, seed: int, host: str, port: int, no_serve: bool) -> None:
    """Simulated ASEAN offices → harvest → ST.96 → OAI-PMH node, with credentials to try."""
    app = current_app._get_current_object()
    db = get_db()
    processes = _children()
    migrate.upgrade(db)
    click.echo(f"database ready ({db.url})")
    simulators = start_simulators(records, seed, processes)
    click.echo(f"{len(simulators)} simulated offices: "
               + ", ".join(f"{s.code} {s.url}" for s in simulators))  # fmt: skip
    register_offices(db, simulators)
    started = time.monotonic()
    harvest_offices(db, HarvestSettings.from_config(current_app.config), indent="  ")
    after_runs(db, current_app.config)
    click.echo(f"harvested in {time.monotonic() - started:.1f}s")
    credentials = demo_credentials(db)
    if no_serve:
        click.echo(banner(host, port, credentials))
        return
    start_scheduler(processes)
    port = _free_port(port)
    app.config["SESSION_COOKIE_SECURE"] = False  # the demo is plain HTTP on localhost
    click.echo(banner(host, port, credentials))
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False)
