"""The shared argument check, as both servers call it: every problem found in one pass."""

from __future__ import annotations

import pytest

from oaiprotocol import dates
from oaiprotocol.errors import OAIErrors, echo_arguments
from oaiprotocol.verbs import check

FORMATS = {"st96", "oai_dc"}


def _codes(values, granularity=dates.SECONDS) -> list[str]:
    with pytest.raises(OAIErrors) as raised:
        check(values, FORMATS, granularity)
    return [error.code for error in raised.value.errors]


def test_a_legal_request_has_its_window():
    request = check(
        {"verb": ["ListRecords"], "metadataPrefix": ["st96"], "until": ["2026-01-01"]}, FORMATS
    )
    assert request.verb == "ListRecords" and request.args["metadataPrefix"] == "st96"
    assert request.from_ is None and request.until.hour == 23


@pytest.mark.parametrize(
    ("values", "codes"),
    [
        ({}, ["badVerb"]),
        ({"verb": ["Identify", "Identify"]}, ["badVerb"]),
        ({"verb": ["ListRecords"], "metadataPrefix": ["marc21"]}, ["cannotDisseminateFormat"]),
        (
            {"verb": ["ListRecords"], "metadataPrefix": ["marc21"], "colour": ["red"]},
            ["badArgument", "cannotDisseminateFormat"],
        ),
        ({"verb": ["ListSets"], "resumptionToken": ["a b"]}, ["badArgument"]),
    ],
)
def test_errors_are_collected(values, codes):
    assert _codes(values) == codes


def test_a_day_granularity_repository_refuses_seconds():
    values = {"verb": ["ListIdentifiers"], "metadataPrefix": ["st96"]}
    values["from"] = ["2026-01-01T00:00:00Z"]
    assert _codes(values, dates.DAY) == ["badArgument"]
    assert check(values, FORMATS, dates.SECONDS).from_ is not None


def test_only_legal_arguments_are_echoed():
    with pytest.raises(OAIErrors) as raised:
        check({"verb": ["ListRecords"], "metadataPrefix": ["marc21"]}, FORMATS)
    assert echo_arguments(raised.value.errors)
    with pytest.raises(OAIErrors) as raised:
        check({"verb": ["ListRecords"]}, FORMATS)
    assert not echo_arguments(raised.value.errors)
