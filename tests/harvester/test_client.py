"""Reading OAI-PMH headers: datestamps in both granularities, and what is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from harvester.client import OAIClient, format_datestamp, parse_datestamp


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


@pytest.mark.parametrize(
    ("url", "kind", "retryable", "words"),
    [
        ("not-a-url", "bad-url", False, "is not an http(s) URL"),
        ("ftp://office.example/oai", "bad-url", False, "is not an http(s) URL"),
        ("http://127.0.0.1:1/oai", "network", True, "cannot connect to 127.0.0.1:1"),
    ],
)
def test_request_errors_are_short_sentences(url, kind, retryable, words):
    """No urllib3 paragraph; a URL that can never work is not retried."""
    from harvester.faults import HarvestFault

    with pytest.raises(HarvestFault) as raised:
        OAIClient(url, timeout=2).harvest(verb="Identify")
    fault = raised.value
    assert (fault.kind, fault.retryable) == (kind, retryable)
    assert words in str(fault) and "HTTPConnectionPool" not in str(fault)


@pytest.mark.parametrize(
    ("code", "words"),
    [("cannotDisseminateFormat", "does not offer this metadata prefix"),
     ("badArgument", "refused the request's arguments"),
     ("noSetHierarchy", "has no sets")],
)  # fmt: skip
def test_protocol_errors_are_permanent(code, words):
    from lxml import etree

    from harvester.client import raise_oai_error
    from harvester.faults import OAIProtocolError

    root = etree.fromstring(
        f'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="{code}">x</error>'
        "</OAI-PMH>"
    )
    with pytest.raises(OAIProtocolError, match=words) as raised:
        raise_oai_error(root)
    assert raised.value.retryable is False
