"""The OAI-PMH client: what is refused (header datestamps: tests/oaiprotocol/test_dates.py)."""

from __future__ import annotations

import pytest

from harvester.client import OAIClient


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
