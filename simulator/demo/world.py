"""A small, deterministic world of offices, third parties, users and published records.

Used by the tests (every access test starts from it) and handy for demonstrations and
screenshots: ``create(db)`` on an empty, migrated store.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from node.access import parties, users
from node.offices import name_of
from simulator.demo.seed import render
from store.database import Database
from store.models import IP_TYPES, Office, PublishedRecord, SourceRecord

OFFICES = {code: name_of(code) for code in ("KH", "TH")}
THIRD_PARTIES = {
    "JPO": ("Japan Patent Office", "office"),
    "WIPO": ("WIPO", "wipo"),
    "ACME": ("Acme Analytics", "company"),
}
PASSWORD = "correct horse battery"
ORIGINAL = (
    b'<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks">'
    b"<TradeMark/></Transaction>"
)


@dataclass(frozen=True)
class PublishedItem:
    office: str
    ip_type: str
    identifier: str
    original: bool


@dataclass
class World:
    """What ``create`` made: users' emails and the published records."""

    users: dict[str, str] = field(default_factory=dict)  # "KH" | "TH" | "coordinator" → email
    records: list[PublishedItem] = field(default_factory=list)
    password: str = PASSWORD


def _records(session, repository: str, per_type: int) -> list[PublishedItem]:
    rng = random.Random(7)
    start = datetime(2024, 1, 1)
    items = []
    for serial, (office, ip_type, n) in enumerate(
        ((o, t, n) for o in OFFICES for t in IP_TYPES for n in range(per_type)), start=1
    ):
        st96, dc, number = render(ip_type, office, serial, rng)
        identifier = f"oai:{repository}:{office}/{ip_type}/{number}"
        source = None
        if n == 0:  # the first record of each set keeps its office original
            source = SourceRecord(
                office_id=session.query(Office.id).filter_by(code=office).scalar(),
                source_identifier=number,
                metadata_prefix="st66",
                raw=ORIGINAL,
                sha256="0" * 64,
            )
            session.add(source)
            session.flush()
        session.add(
            PublishedRecord(
                oai_identifier=identifier,
                source_record_id=source.id if source else None,
                office_code=office,
                ip_type=ip_type,
                set_spec=f"{office}:{ip_type}",
                datestamp=start + timedelta(hours=serial),
                st96=st96,
                dc=dc,
                validation_status="valid",
                validation_errors=[],
                application_number=number,
            )
        )
        items.append(PublishedItem(office, ip_type, identifier, source is not None))
    return items


def create(db: Database, repository: str = "iphub.local", per_type: int = 2) -> World:
    """Offices KH and TH with records of every IP type, three third parties, one user each."""
    world = World()
    actor = "demo"
    with db.session() as session:
        offices = {code: Office(code=code, name=name) for code, name in OFFICES.items()}
        session.add_all(offices.values())
        session.flush()
        for code, (name, kind) in THIRD_PARTIES.items():
            parties.add(session, code, name, kind, f"harvest@{code.lower()}.example", actor)
        for code, office in offices.items():
            email = f"staff@{code.lower()}.example"
            users.add(session, email, PASSWORD, "office", office, actor)
            world.users[code] = email
        users.add(session, "coordinator@iphub.example", PASSWORD, "coordinator", None, actor)
        world.users["coordinator"] = "coordinator@iphub.example"
        world.records = _records(session, repository, per_type)
    return world


def basic_header(username: str, password: str) -> dict[str, str]:
    """An ``Authorization: Basic`` header, for test clients and scripts."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}
