"""Every page fits a 1,280 px window, with long names, URLs, errors and XML in it.

Measured in Chromium at 1280x800: ``document.documentElement.scrollWidth`` must not exceed the
window on any page of any role, and the third-party drop-down must show its longest choice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from node.access import grants, parties, users
from store.base import utcnow
from store.models import Endpoint, HarvestRun, PublishedRecord
from tests.access_support import add_grant, browser_log_in

WIDTH = 1280
LONG = json.loads((Path(__file__).parents[1] / "data" / "pages" / "long-values.json").read_text())

OFFICE_PAGES = (
    "/",
    "/portal/KH/authorizations",
    "/portal/KH/audit",
    "/portal/KH/third-parties/new",
    "/portal/KH/quality",
    "/portal/KH/quality?state=all&ip_type=trademarks",
    "/portal/KH/quality/records/{record}",
    "/portal/KH/quality/findings/{finding}",
    "/portal/KH/quality/rules/TM-STATUS-MISSING",
    "/portal/KH/quality?state=bogus",
    "/portal/KH/test-feed",
    "/portal/KH/test-feed/{test_delivery}",
    "/portal/KH/test-feed/{test_delivery}/records/{test_record}",
    "/portal/TH/authorizations",
    "/no/such/page",
)
COORDINATOR_PAGES = (
    "/console/",
    "/console/offices",
    "/console/offices/KH",
    "/console/offices/KH/endpoints/{endpoint}",
    "/console/sets",
    "/console/third-parties",
    "/console/users",
    "/console/grants",
    "/console/harvests",
    "/console/audit",
    "/console/quality",
    "/console/quality/rules/TM-STATUS-MISSING",
    "/console/test-feed",
    "/portal/KH/authorizations",
    "/portal/KH/quality",
)


@pytest.fixture
def crowded(db, world, harvested) -> dict[str, int]:
    """The demo world plus the longest values real offices have: names, URLs, errors."""
    with db.session() as session:
        kh = grants.office_by_code(session, "KH")
        party = LONG["third_party"]
        parties.add(session, party["code"], party["name"], "company", party["contact"], "demo")
        session.flush()
        for ip_type in ("trademarks", "patents"):
            add_grant(session, "KH", party["code"], ip_type, "documents")
        add_grant(session, "KH", "JPO", "designs")
        parties.request_party(
            session, kh, "KIPO-X", party["name"], "office", "", LONG["user_email"]
        )
        users.add(session, LONG["user_email"], "long enough pw", "office", kh, "demo")
        endpoint = Endpoint(office_id=kh.id, schedule="every 6h", **LONG["endpoint"])
        session.add(endpoint)
        session.flush()
        session.add(
            HarvestRun(
                office_id=kh.id,
                endpoint_id=endpoint.id,
                status="failed",
                started_at=utcnow(),
                last_error=LONG["run_error"],
            )
        )
        record = session.scalar(
            select(PublishedRecord.id).where(PublishedRecord.oai_identifier.like("%KH-XSD%"))
        )
        from store.quality_models import QualityFinding

        finding = session.scalar(
            select(QualityFinding.id).where(QualityFinding.published_record_id == record).limit(1)
        )
    test_delivery, test_record = _test_delivery(db)
    return {"endpoint": endpoint.id, "record": record, "finding": finding,
            "test_delivery": test_delivery, "test_record": test_record}  # fmt: skip


def _test_delivery(db) -> tuple[int, int]:
    """A test delivery under the longest file name a record may have, its record's XML on one
    long line (as the ST.96 and most exports come)."""
    from harvester.testfeed.run import try_upload
    from store.testfeed.models import TestRecord

    raw = (Path(__file__).parents[1] / "data" / "quality" / "KH-trademark.st66.xml").read_bytes()
    name = "K" * 196 + ".xml"
    delivery = try_upload(db, {}, "KH", name, b" ".join(raw.split()), "st66")
    with db.session() as session:
        return delivery, session.scalar(
            select(TestRecord.id).where(TestRecord.delivery_id == delivery)
        )


def _overflow(page) -> dict:
    """The page's width and the elements sticking out of the window (for the failure message)."""
    return page.evaluate(
        """(limit) => ({
            width: document.documentElement.scrollWidth,
            wide: [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > limit + 1)
              .slice(0, 5)
              .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`),
        })""",
        WIDTH,
    )


@pytest.mark.parametrize(
    ("who", "urls"), [("KH", OFFICE_PAGES), ("coordinator", COORDINATOR_PAGES)]
)
def test_every_page_fits_1280(browser, live_url, world, crowded, who, urls):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    try:
        browser_log_in(page, live_url, world.users[who], world.password)
        page.wait_for_load_state()
        measured = {}
        for url in urls:
            page.goto(live_url + url.format(**crowded))
            measured[url] = _overflow(page)
        too_wide = {url: m for url, m in measured.items() if m["width"] > WIDTH}
        assert not too_wide, json.dumps(too_wide, indent=1)
    finally:
        context.close()


def test_third_party_drop_down_shows_its_longest_choice(browser, live_url, world, crowded):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    try:
        browser_log_in(page, live_url, world.users["KH"], world.password)
        page.wait_for_url(f"{live_url}/portal/KH/authorizations")
        fit = page.evaluate(
            """() => {
                const select = document.querySelector('select[name=third_party]');
                const card = select.closest('.card').getBoundingClientRect();
                const box = select.getBoundingClientRect();
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.font = getComputedStyle(select).font;
                const widths = [...select.options].map((o) => ctx.measureText(o.text).width);
                const text = Math.max(...widths);
                return {text, inner: select.clientWidth, right: box.right, card: card.right};
            }"""
        )
        assert fit["right"] <= fit["card"]
        assert fit["text"] + 32 <= fit["inner"], fit  # 32 px: padding and the arrow
    finally:
        context.close()
