"""Records by application year and the gaps in a back-file, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from harvester.runner import harvest_endpoint
from node.monitoring import years
from node.monitoring.years import Gap, application_year, gaps
from store.models import PublishedRecord

TM = b"<tmk:Trademark><com:ApplicationDate>%d-03-01</com:ApplicationDate></tmk:Trademark>"


@pytest.mark.parametrize(
    ("st96", "year"),
    [
        (TM % 2019, 2019),
        (b"<pat:BibliographicData><pat:FilingDate>2022-12-11</pat:FilingDate>", 2022),
        (b"<dgn:Design><com:RegistrationDate>2007-09-02</com:RegistrationDate>", 2007),
        (b"<dgn:Design/>", 0),
        (None, 0),
    ],
)
def test_application_year(st96, year):
    assert application_year(st96) == year


def test_gaps_are_thin_or_empty_years_inside_the_back_file():
    counts = {2015: 40, 2016: 42, 2017: 0, 2018: 5, 2019: 39, 2020: 41, 0: 3}
    assert gaps(counts) == [Gap(2017, 0, 40), Gap(2018, 5, 40)]
    assert gaps({2015: 40, 2016: 38}) == []
    assert gaps({2020: 4}) == []


def _publish(db, office: str, yearly: dict[int, int]) -> None:
    with db.session() as session:
        n = 0
        for year, count in yearly.items():
            for _ in range(count):
                n += 1
                session.add(PublishedRecord(
                    oai_identifier=f"oai:t:{office}/trademarks/{n}", office_code=office,
                    ip_type="trademarks", set_spec=f"{office}:trademarks",
                    datestamp=datetime(2026, 1, 1), st96=TM % year,
                ))  # fmt: skip


def test_refresh_stores_counts_and_finds_the_hole(db):
    _publish(db, "KH", {2018: 10, 2019: 9, 2021: 11, 2022: 10})

    with db.session() as session:
        assert years.refresh(session, now=datetime(2026, 2, 1)) == 1
        stored = years.stored(session, "KH", "trademarks")
        assert years.refresh(session, now=datetime(2026, 2, 2)) == 0, "nothing changed since"
        _publish_more = PublishedRecord(
            oai_identifier="oai:t:KH/trademarks/late", office_code="KH", ip_type="trademarks",
            set_spec="KH:trademarks", datestamp=datetime(2026, 2, 3), st96=TM % 2020,
        )  # fmt: skip
        session.add(_publish_more)
        session.flush()
        days = 3 * 86400  # since the count of 1 February
        assert years.refresh(session, now=datetime(2026, 2, 3, 12), min_age=days) == 0, "too soon"
        assert years.refresh(session, now=datetime(2026, 2, 4), min_age=days) == 1
        assert years.stored(session, "KH", "trademarks")[2020] == 1

    assert stored == {2018: 10, 2019: 9, 2021: 11, 2022: 10}
    assert gaps(stored) == [Gap(2020, 0, 10)]


def test_simulated_back_file_years_add_up(db, endpoint, fast):
    harvest_endpoint(db, endpoint, fast)
    with db.session() as session:
        years.refresh(session, now=datetime.now() + timedelta(days=1))
        stored = years.stored(session, "KH", "trademarks")
    assert sum(stored.values()) == 24
    assert stored.get(0, 0) == 0, "every simulated trademark has its application date"
    assert all(1950 < y <= datetime.now().year for y in stored)
