"""Quality fixtures: the app with provider, access control and quality registered as the lead
does, two offices with a user each and a coordinator, and ``harvest`` which pushes one record
through the pipeline the way the ingest does (process_record → run_rules → apply_findings).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from node.access import users
from store.models import Office, PublishedRecord

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from quality_support import DEFECTS, Defect, Harvester, defect_params

__all__ = ["DEFECTS", "Defect", "Harvester", "defect_params"]

PASSWORD = "correct horse battery"
FB = {"fb": "urn:iphub:feedback:1"}


@pytest.fixture
def app(app):
    """These tests read feedback anonymously: the node's closed default is tested elsewhere."""
    app.config["OAI_AUTH_REQUIRED"] = False
    return app


@dataclass
class People:
    kh: str = "staff@kh.example"
    th: str = "staff@th.example"
    coordinator: str = "coordinator@iphub.example"


@pytest.fixture
def offices(db) -> dict[str, int]:
    """Offices KH and TH (no users: password hashing is slow, most tests need none)."""
    with db.session() as session:
        rows = {c: Office(code=c, name=f"Office {c}") for c in ("KH", "TH")}
        session.add_all(rows.values())
        session.flush()
        return {c: o.id for c, o in rows.items()}


@pytest.fixture
def people(db, offices) -> People:
    found = People()
    with db.session() as session:
        offices = {c: session.get(Office, i) for c, i in offices.items()}
        users.add(session, found.kh, PASSWORD, "office", offices["KH"], "test")
        users.add(session, found.th, PASSWORD, "office", offices["TH"], "test")
        users.add(session, found.coordinator, PASSWORD, "coordinator", None, "test")
    return found


@pytest.fixture
def login(client, db) -> Callable[[str], None]:
    """Log the test client in as ``email`` (sets the session cookie like the login view)."""
    from node.access import sessions
    from node.auth.session import SESSION_KEY, TOKEN_KEY
    from store.access_models import User

    def as_user(email: str) -> None:
        with db.session() as session:
            user_id = session.scalar(select(User.id).where(User.email == email))
            token = sessions.start(session, user_id, timedelta(days=1))
        with client.session_transaction() as flask_session:
            flask_session.clear()
            flask_session[SESSION_KEY], flask_session[TOKEN_KEY] = user_id, token

    return as_user


@pytest.fixture
def harvest(db, offices) -> Harvester:
    return Harvester(db)


def feedback_of(db, record_id: int) -> etree._Element:
    with db.session() as session:
        about = session.get(PublishedRecord, record_id).about
    return etree.fromstring(about)


def finding_states(root: etree._Element) -> dict[str, str]:
    """rule id → state of the feedback's findings (last one wins for repeated ids)."""
    return {f.get("ruleId"): f.get("state") for f in root.iterfind("fb:Finding", FB)}
