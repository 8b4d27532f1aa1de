"""Datestamps: header values read leniently (harvester), arguments strictly (both servers)."""

from __future__ import annotations

from datetime import datetime

import pytest

from oaiprotocol import dates
from oaiprotocol.errors import BadArgument


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
def test_header_datestamps(value, expected):
    assert dates.read(value) == expected


@pytest.mark.parametrize("granularity", [dates.DAY, dates.SECONDS])
def test_formatted_datestamps_read_back(granularity):
    moment = datetime(2026, 11, 26, 10, 20, 30)
    expected = moment if granularity == dates.SECONDS else datetime(2026, 11, 26)
    assert dates.read(dates.format_stamp(moment, granularity)) == expected


@pytest.mark.parametrize(
    ("raw", "granularity", "expected"),
    [
        ("2026-11-26T10:20:30Z", dates.SECONDS, datetime(2026, 11, 26, 10, 20, 30)),
        ("2026-11-26", dates.SECONDS, datetime(2026, 11, 26)),
        ("2026-11-26", dates.DAY, datetime(2026, 11, 26)),
        ("2026-11-26T10:20:30Z", dates.DAY, None),  # finer than the repository
        ("2026-1-5", dates.SECONDS, None),  # arguments are read strictly
        ("2026-02-30", dates.SECONDS, None),
        ("2026-11-26T10:20:30.5Z", dates.SECONDS, None),
        ("2026-11-26T10:20:30+07:00", dates.SECONDS, None),
    ],
)
def test_arguments_are_strict(raw, granularity, expected):
    if expected is None:
        with pytest.raises(BadArgument, match="from="):
            dates.parse("from", raw, granularity)
    else:
        assert dates.parse("from", raw, granularity).value == expected


def test_window_day_until_covers_the_day_and_refuses_mixed_or_reversed():
    assert dates.window("2026-01-01", "2026-01-02") == (
        datetime(2026, 1, 1),
        datetime(2026, 1, 2, 23, 59, 59),
    )
    assert dates.window(None, None) == (None, None)
    with pytest.raises(BadArgument, match="same granularity"):
        dates.window("2026-01-01", "2026-01-02T00:00:00Z")
    with pytest.raises(BadArgument, match="later"):
        dates.window("2026-01-02", "2026-01-01")
