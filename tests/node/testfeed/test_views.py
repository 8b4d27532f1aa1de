"""The portal's "Test feed" pages and the console's limits, through the test client: a file is
checked from the form, its summary, guidance and records are shown, other offices are kept out,
a coordinator sees every office's and sets the limits."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select

from store.testfeed import limits as feed_limits
from store.testfeed.models import TestDelivery, TestRecord
from tests.quality_support import DEFECTS

DATA = Path(__file__).resolve().parents[2] / "data"
STATUS_MISSING = next(d for d in DEFECTS if d.rule_id == "TM-STATUS-MISSING").bad()


def send_file(client, token, office="KH", data=STATUS_MISSING, name="KH-no-status.xml"):
    csrf = token(f"/portal/{office}/test-feed")
    return client.post(f"/portal/{office}/test-feed/upload", content_type="multipart/form-data",
                       data={"csrf_token": csrf, "metadata_prefix": "st66",
                             "file": (io.BytesIO(data), name)})  # fmt: skip


def only_delivery(db) -> TestDelivery:
    with db.session() as session:
        return session.scalars(select(TestDelivery)).one()


def test_a_file_checked_from_the_portal_shows_its_summary_and_records(client, db, login, token):
    login("KH")
    response = send_file(client, token)
    assert response.status_code == 302
    delivery = only_delivery(db)
    assert response.headers["Location"].endswith(f"/portal/KH/test-feed/{delivery.id}")
    page = client.get(response.headers["Location"]).data.decode()
    assert "TM-STATUS-MISSING" in page and "How to fix it" in page and "Not published" in page
    assert 'id="count-records">1<' in page
    with db.session() as session:
        record = session.scalars(select(TestRecord)).one()
    shown = client.get(f"/portal/KH/test-feed/{delivery.id}/records/{record.id}").data.decode()
    assert "ST.96 produced" in shown and "&lt;tmk:Trademark" in shown
    assert "&lt;Transaction" in shown  # the original, escaped
    listing = client.get("/portal/KH/test-feed").data.decode()
    assert f'data-delivery="{delivery.id}"' in listing


def test_a_refused_file_goes_back_to_the_form_with_the_reason(app, client, login, token):
    app.config["TEST_FEED_MAX_BYTES"] = 100
    login("KH")
    response = send_file(client, token)
    assert response.status_code == 400 and "limited to 100 bytes" in response.data.decode()


def test_an_invalid_form_comes_back_with_its_errors_and_the_other_form_blank(
    client, db, login, token
):
    login("KH")
    csrf = token("/portal/KH/test-feed")
    response = client.post("/portal/KH/test-feed/endpoint",
                           data={"csrf_token": csrf, "metadata_prefix": "st66"})  # fmt: skip
    page = response.data.decode()
    assert response.status_code == 400 and "This field is required." in page
    assert 'action="/portal/KH/test-feed/upload"' in page  # the upload form is still there
    with db.session() as session:
        assert session.scalars(select(TestDelivery)).first() is None


def test_an_endpoint_checked_from_the_portal(client, db, login, token, office_url):
    login("KH")
    csrf = token("/portal/KH/test-feed")
    sent = {"csrf_token": csrf, "url": office_url, "metadata_prefix": "st66", "set_spec": ""}
    response = client.post("/portal/KH/test-feed/endpoint", data=sent)
    assert response.status_code == 302
    assert only_delivery(db).records == 24


def test_other_offices_are_kept_out(client, db, login, token):
    login("KH")
    send_file(client, token)
    delivery = only_delivery(db)
    client.post("/logout", data={"csrf_token": token("/portal/KH/test-feed")})
    login("TH")
    assert client.get("/portal/KH/test-feed").status_code == 403
    assert client.get(f"/portal/KH/test-feed/{delivery.id}").status_code == 403
    assert client.get(f"/portal/TH/test-feed/{delivery.id}").status_code == 404
    assert f'data-delivery="{delivery.id}"' not in client.get("/portal/TH/test-feed").data.decode()
    assert client.get("/console/test-feed").status_code == 403


def test_the_coordinator_sees_every_office_and_sets_the_limits(client, db, login, token):
    login("KH")
    send_file(client, token)
    client.post("/logout", data={"csrf_token": token("/portal/KH/test-feed")})
    login("coordinator")
    page = client.get("/console/test-feed").data.decode()
    assert f'data-delivery="{only_delivery(db).id}"' in page and "<td>KH</td>" in page
    csrf = token("/console/test-feed")
    saved = client.post("/console/test-feed", data={"csrf_token": csrf, "max_records": "50",
                                                     "retention_days": "2"})  # fmt: skip
    assert saved.status_code == 302
    with db.session() as session:
        limits = feed_limits.current(session, {})
    assert (limits.max_records, limits.retention_days) == (50, 2.0)
    refused = client.post("/console/test-feed", data={"csrf_token": csrf, "max_records": "0",
                                                       "retention_days": "2"})  # fmt: skip
    assert refused.status_code == 400
    portal = client.get("/portal/KH/test-feed").data.decode()
    assert re.search(r"At most 50\s+records", portal) and re.search(r"after 2.0\s+days", portal)
