"""Malformed parameters and credentials are 400/401 with the protocol's error, never a 500.

The named cases were 500s (issue 16, item 10); the property tests throw arbitrary text, NUL
bytes and huge numbers at the APIs' and ``/oai``'s parameters and at HTTP Basic, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from node.params import MAX_INT, ParamError, bounded_int
from simulator.demo.world import basic_header
from tests.access_support import app, csrf_token, world

__all__ = ["app", "world"]

OAI = "{http://www.openarchives.org/OAI/2.0/}"
#: Anything a URL can carry: every code point but surrogates (which no client can encode).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NUMBERS = st.one_of(
    TEXT, st.integers(-(2**70), 2**70).map(str), st.sampled_from(["²", "1e9", " 1", "0x10"])
)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def coordinator(world) -> dict[str, str]:
    return basic_header(world.users["coordinator"], world.password)


def oai_error_codes(response) -> list[str]:
    root = etree.fromstring(response.data)
    return [e.get("code") for e in root.iter(f"{OAI}error")]


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 7), ("", 7), ("0", 0), ("42", 42), (str(MAX_INT), MAX_INT)]
)
def test_bounded_int_accepts_plain_numbers(raw, expected):
    assert bounded_int(raw, "limit", 7) == expected


@pytest.mark.parametrize("raw", ["²", "-1", "99999999999999999999", str(MAX_INT + 1), "1e3", " 1"])
def test_bounded_int_refuses_the_rest(raw):
    with pytest.raises(ParamError, match="limit must be a whole number"):
        bounded_int(raw, "limit", 7)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quality/findings?limit=%C2%B2",
        "/api/v1/quality/findings?offset=99999999999999999999",
        "/api/v1/quality/findings?limit=-1",
        "/api/v1/quality/findings?record=99999999999999999999",
        "/api/v1/quality/findings?record=%C2%B2",
        "/api/v1/quality/findings?rule=X%00Y",
        "/api/v1/quality/summary?office=K%00H",
        "/api/v1/runs?limit=-1",
        "/api/v1/runs?limit=%C2%B2",
        "/api/v1/runs?office=K%00H",
    ],
)
def test_named_api_cases_are_json_400(client, coordinator, url):
    response = client.get(url, headers=coordinator)
    assert response.status_code == 400, response.data
    assert response.json["error"] == "bad-request" and response.json["message"]


@pytest.mark.parametrize(
    "args",
    [
        {"verb": "GetRecord", "metadataPrefix": "st96", "identifier": "oai:x:KH/\x00"},
        {"verb": "ListMetadataFormats", "identifier": "a\x01b"},
        {"verb": "ListRecords", "resumptionToken": "abc\x00"},
        {"verb": "ListRecords", "metadataPrefix": "st96", "set": "KH\x00"},
        {"verb": "ListRecords", "metadataPrefix": "st96", "from": "2024\x00"},
    ],
)
def test_named_oai_cases_are_bad_argument(client, coordinator, args):
    response = client.get("/oai", query_string=args, headers=coordinator)
    assert response.status_code == 200
    assert oai_error_codes(response) == ["badArgument"]


@pytest.mark.parametrize("username", ["a\x00b@x.org", "iph_\x00", "KH\x00", "\x00"])
def test_nul_in_a_basic_user_name_is_401(client, username):
    assert client.get("/oai?verb=Identify", headers=basic_header(username, "x")).status_code == 401
    assert client.get("/api/v1/runs", headers=basic_header(username, "x")).status_code == 401


def test_nul_in_the_login_email_is_400(client):
    token = csrf_token(client.get("/login").data)
    data = {"csrf_token": token, "email": "kh\x00@x.org", "password": "whatever it is"}
    assert client.post("/login", data=data).status_code == 400


@EXAMPLES
@given(
    verb=st.sampled_from(["Identify", "GetRecord", "ListRecords", "ListIdentifiers", "ListSets",
                          "ListMetadataFormats"]) | TEXT,
    args=st.dictionaries(
        st.sampled_from(["identifier", "metadataPrefix", "set", "from", "until",
                         "resumptionToken"]) | TEXT,
        TEXT,
        max_size=4,
    ),
)  # fmt: skip
def test_oai_never_answers_500(client, coordinator, verb, args):
    for method in (client.get, client.post):
        if method is client.get:
            response = method("/oai", query_string={"verb": verb, **args}, headers=coordinator)
        else:
            response = method("/oai", data={"verb": verb, **args}, headers=coordinator)
        assert response.status_code == 200, response.data
        etree.fromstring(response.data)  # well-formed, whatever was echoed


@EXAMPLES
@given(
    path=st.sampled_from(["/api/v1/quality/findings", "/api/v1/quality/summary",
                          "/api/v1/quality/trend", "/api/v1/quality/offices", "/api/v1/runs"]),
    args=st.dictionaries(
        st.sampled_from(["limit", "offset", "record", "office", "ip_type", "rule", "severity",
                         "state"]) | TEXT,
        NUMBERS,
        max_size=4,
    ),
)  # fmt: skip
def test_apis_never_answer_500(client, coordinator, path, args):
    response = client.get(path, query_string=args, headers=coordinator)
    assert response.status_code in (200, 400, 403), response.data
    assert response.is_json


@EXAMPLES
@given(username=TEXT, password=TEXT)
def test_any_wrong_basic_credentials_are_401(app, client, world, username, password):
    app.config["AUTH_MAX_FAILURES_PER_ADDRESS"] = 10**6  # every attempt reaches the check
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    assert client.get("/oai?verb=Identify", headers=headers).status_code == 401
    assert client.get("/api/v1/runs", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/portal/K%00H/quality", "/documents/K%00H/trademarks/" + "0" * 64,
     "/api/v1/offices/K%00H/uploads", "/console/offices/K%00H"],
)  # fmt: skip
def test_control_characters_in_a_path_are_400(client, coordinator, path):
    assert client.get(path, headers=coordinator).status_code == 400
