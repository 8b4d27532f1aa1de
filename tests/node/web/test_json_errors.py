"""Every JSON API answers its errors in one shape (node.json_errors), whatever went wrong;
the OAuth token endpoint keeps RFC 6749's shape instead."""

from __future__ import annotations

import pytest

from simulator.demo.world import basic_header

SHAPE = {"error", "status", "message"}


@pytest.fixture
def coordinator(world) -> dict[str, str]:
    return basic_header(world.users["coordinator"], world.password)


@pytest.fixture
def office_kh(world) -> dict[str, str]:
    return basic_header(world.users["KH"], world.password)


#: (blueprint, method, url, who, status, error code): at least one error of every JSON API.
CASES = [
    ("quality_api", "GET", "/api/v1/quality/findings", None, 401, "unauthorised"),
    ("quality_api", "GET", "/api/v1/quality/findings?office=TH", "KH", 403, "forbidden"),
    ("quality_api", "GET", "/api/v1/quality/trend?by=week", "KH", 400, "bad-request"),
    ("quality_api", "GET", "/api/v1/quality/findings?limit=-1", "KH", 400, "bad-request"),
    ("quality_api", "DELETE", "/api/v1/quality/findings", "KH", 405, "method-not-allowed"),
    ("runs_api", "GET", "/api/v1/runs", None, 401, "unauthorised"),
    ("runs_api", "GET", "/api/v1/runs?office=TH", "KH", 403, "forbidden"),
    ("runs_api", "GET", "/api/v1/runs/99999", "coordinator", 404, "not-found"),
    ("runs_api", "GET", "/api/v1/runs?limit=x", "coordinator", 400, "bad-request"),
    ("runs_api", "POST", "/api/v1/offices/KH/uploads", None, 401, "unauthorised"),
    ("runs_api", "POST", "/api/v1/offices/KH/uploads", "KH", 400, "bad-request"),
    ("testfeed_api", "GET", "/api/v1/test-feed", None, 401, "unauthorised"),
    ("testfeed_api", "GET", "/api/v1/test-feed?office=TH", "KH", 403, "forbidden"),
    ("testfeed_api", "GET", "/api/v1/test-feed/99999", "coordinator", 404, "not-found"),
    ("testfeed_api", "POST", "/api/v1/offices/KH/test-feed", "KH", 400, "bad-request"),
    ("gating_api", "GET", "/api/v1/gating/deliveries", None, 401, "unauthorised"),
    ("gating_api", "GET", "/api/v1/gating/deliveries?office=TH", "KH", 403, "forbidden"),
    ("gating_api", "GET", "/api/v1/gating/deliveries?state=x", "KH", 400, "bad-request"),
    ("gating_api", "GET", "/api/v1/gating/deliveries/99999", "coordinator", 404, "not-found"),
    (None, "GET", "/api/v1/nothing-here", None, 404, "not-found"),
    ("monitoring", "GET", "/status/?format=json", None, 401, "unauthorised"),
    ("monitoring", "GET", "/status/XX?format=json", "coordinator", 404, "not-found"),
]


@pytest.mark.parametrize(
    ("blueprint", "method", "url", "who", "status", "code"),
    CASES,
    ids=[f"{c[1]} {c[2]}" for c in CASES],
)
def test_api_errors_share_one_shape(
    client, coordinator, office_kh, blueprint, method, url, who, status, code
):
    headers = {"coordinator": coordinator, "KH": office_kh}.get(who, {})
    response = client.open(
        url, method=method, headers=headers, data=b"" if method == "POST" else None
    )
    assert response.status_code == status, response.data
    assert response.is_json, response.data
    body = response.json
    assert set(body) == SHAPE, body
    assert (body["error"], body["status"]) == (code, status)
    assert isinstance(body["message"], str) and body["message"].strip()
    if status == 401:
        assert response.headers.getlist("WWW-Authenticate")


def test_every_json_api_blueprint_is_covered(app):
    """A new API blueprint must add its error cases above."""
    apis = {
        name
        for name, blueprint in app.blueprints.items()
        if (blueprint.url_prefix or "").startswith("/api")
    }
    assert apis <= {case[0] for case in CASES}, apis


def test_the_oauth_token_endpoint_keeps_rfc_6749s_shape(client):
    response = client.post("/oauth/token", data={"grant_type": "password"})
    assert response.status_code == 400
    assert set(response.json) == {"error", "error_description"}
    assert response.json["error"] == "unsupported_grant_type"
