"""Reading OAI-PMH headers: datestamps in both granularities, and what is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from harvester.client import format_datestamp, parse_datestamp


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-26T10:20:30Z", datetime(2026, 11, 26, 10, 20, 30)),
        ("2026-11-26", datetime(2026, 11, 26)),
        ("  2026-01-05\n", datetime(2026, 1, 5)),
        ("2026-1-5", datetime(2026, 1, 5)),  # lenient, as strptime reads it
        ("2026-13-01", None),
        ("2026-02-30T00:00:00Z", None),
        ("2026-11-26T10:20:30", None),  # no Z: not a UTC datestamp
        ("2026-11-26T10:20:30+07:00", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_datestamps(value, expected):
    assert parse_datestamp(value) == expected


@pytest.mark.parametrize("granularity", ["YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ"])
def test_formatted_datestamps_read_back(granularity):
    moment = datetime(2026, 11, 26, 10, 20, 30)
    expected = moment if granularity.endswith("Z") else datetime(2026, 11, 26)
    assert parse_datestamp(format_datestamp(moment, granularity)) == expected
