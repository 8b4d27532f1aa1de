"""Harvesters through a tight rate limit: sickle and pyoai retry /oai's 503 + Retry-After and
finish with every record the client may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oaipmh.metadata import MetadataRegistry
from sickle import Sickle
from sqlalchemy import func, select

from simulator.demo.seed import seed
from store.models import PublishedRecord
from tests import pyoai_support
from tests.pyoai_support import pyoai_on_lxml6
from tests.serving import serve

__all__ = ["pyoai_on_lxml6"]

OFFICE, IP_TYPE = "KH", "trademarks"


@pytest.fixture
def limited_node(app, db, world, issue) -> Iterator[tuple[str, tuple[str, str], int]]:
    """(base URL, credentials, records the client may see) of a node allowing 3 requests a
    second per client, 2 records a page: every harvest of it meets the limit several times."""
    seed(db, 40, [OFFICE], "iphub.local")
    with db.session() as session:
        expected = session.scalar(
            select(func.count(PublishedRecord.id)).where(
                PublishedRecord.office_code == OFFICE, PublishedRecord.ip_type == IP_TYPE
            )
        )
    credentials = issue(OFFICE, "JPO", IP_TYPE)
    app.config.update(RATE_LIMIT="3/second", OAI_PAGE_SIZE=2)
    with serve(app) as url:
        yield url, credentials, expected


def test_sickle_harvests_everything_through_the_limit(limited_node):
    url, credentials, expected = limited_node
    sickle = Sickle(url, auth=credentials, max_retries=30, default_retry_after=1)
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len({h.identifier for h in headers}) == len(headers) == expected > 6


def test_pyoai_harvests_everything_through_the_limit(limited_node):
    url, credentials, expected = limited_node
    pyoai = pyoai_support.client(url, MetadataRegistry(), credentials)
    headers = list(pyoai.listIdentifiers(metadataPrefix="oai_dc"))
    assert len({h.identifier() for h in headers}) == len(headers) == expected > 6
