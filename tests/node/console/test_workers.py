"""The console's workers page: reprocess runs with their progress, and the task engine's
workers and queues, or one clear sentence when there is no broker or it cannot be reached."""

from __future__ import annotations

from sqlalchemy import select

from harvester.reprocess.runs import open_run
from harvester.reprocess.selection import Selection
from store.models import Office, SourceRecord


def _page(client, login) -> str:
    login("coordinator")
    response = client.get("/console/workers")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_without_a_broker_the_page_says_everything_runs_in_process(app, client, login):
    app.config["BROKER_URL"] = None
    assert "No broker is configured" in _page(client, login)


def test_an_unreachable_broker_is_one_clear_sentence(app, client, login):
    app.config["BROKER_URL"] = "amqp://guest:secret@127.0.0.1:1//"
    text = _page(client, login)
    assert "cannot be reached" in text
    assert "secret" not in text, "the password is not shown"


def test_reprocess_runs_show_their_selection_and_progress(app, client, login, db):
    with db.session() as session:
        office = session.scalar(select(Office).where(Office.code == "KH"))
        for n in range(3):
            source = SourceRecord(office_id=office.id, source_identifier=f"r{n}",
                                  metadata_prefix="st66", raw=b"<x/>", sha256="0" * 64)  # fmt: skip
            session.add(source)
        office_id = office.id
    run = open_run(db, office_id, "KH", Selection(office="KH", ip_type="trademarks"), 2)
    app.config["BROKER_URL"] = None
    text = _page(client, login)
    assert f'<td class="num">{run.run_id}</td>' in text
    assert "ip_type=trademarks" in text
    chunks = -(-run.total // 2)
    assert run.total >= 3 and f"0 / {run.total} records · 0 / {chunks} chunks" in text
    login("coordinator")
    harvests = client.get("/console/harvests").get_data(as_text=True)
    assert f"0 / {run.total} records" in harvests
