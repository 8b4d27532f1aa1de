"""The demo's credentials: one client id and secret per grant, each seeing its own sets, and a
banner that prints them all."""

from __future__ import annotations

import re

from simulator.demo.command import DEMO_GRANTS, banner, demo_credentials
from simulator.demo.world import basic_header
from store.models import Office, PublishedRecord


def _sets(client, client_id: str, secret: str) -> set[str]:
    response = client.get("/oai?verb=ListSets", headers=basic_header(client_id, secret))
    assert response.status_code == 200
    return set(re.findall(r"<setSpec>([^<]+)</setSpec>", response.get_data(as_text=True)))


def test_each_grant_has_its_credentials_and_its_sets(app, db, client):
    with db.session() as session:
        session.add(Office(code="KH", name="Cambodia"))
        for ip_type in ("trademarks", "designs"):
            session.add(
                PublishedRecord(
                    oai_identifier=f"oai:iphub.local:KH/{ip_type}/1", office_code="KH",
                    ip_type=ip_type, set_spec=f"KH:{ip_type}", st96=b"<x/>", dc=b"<y/>",
                    validation_status="valid",
                )
            )  # fmt: skip
    with app.app_context():
        credentials = demo_credentials(db)
        again = demo_credentials(db)  # the demo run a second time on the same database
    assert set(credentials) == {ip_type for ip_type, _ in DEMO_GRANTS}
    assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in credentials.items()}
    trademarks = _sets(client, *again["trademarks"])
    designs = _sets(client, *again["designs"])
    assert "KH:trademarks" in trademarks and "KH:designs" not in trademarks
    assert "KH:designs" in designs and "KH:trademarks" not in designs
    text = banner("127.0.0.1", 5000, again)
    for client_id, secret in again.values():
        assert client_id in text and secret in text
