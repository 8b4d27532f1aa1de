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


#: The error code of each status (node.json_errors).
CODES = {
    400: "bad-request",
    401: "unauthorised",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
}

#: Blueprint → (method, url, who, status): at least one error of every JSON API.
ERRORS = {
    "quality_api": [
        ("GET", "/api/v1/quality/findings", None, 401),
        ("GET", "/api/v1/quality/findings?office=TH", "KH", 403),
        ("GET", "/api/v1/quality/trend?by=week", "KH", 400),
        ("GET", "/api/v1/quality/findings?limit=-1", "KH", 400),
        ("DELETE", "/api/v1/quality/findings", "KH", 405),
    ],
    "runs_api": [
        ("GET", "/api/v1/runs", None, 401),
        ("GET", "/api/v1/runs?office=TH", "KH", 403),
        ("GET", "/api/v1/runs/99999", "coordinator", 404),
        ("GET", "/api/v1/runs?limit=x", "coordinator", 400),
        ("POST", "/api/v1/offices/KH/uploads", None, 401),
        ("POST", "/api/v1/offices/KH/uploads", "KH", 400),
    ],
    "testfeed_api": [
        ("GET", "/api/v1/test-feed", None, 401),
        ("GET", "/api/v1/test-feed?office=TH", "KH", 403),
        ("GET", "/api/v1/test-feed/99999", "coordinator", 404),
        ("POST", "/api/v1/offices/KH/test-feed", "KH", 400),
    ],
    "gating_api": [
        ("GET", "/api/v1/gating/deliveries", None, 401),
        ("GET", "/api/v1/gating/deliveries?office=TH", "KH", 403),
        ("GET", "/api/v1/gating/deliveries?state=x", "KH", 400),
        ("GET", "/api/v1/gating/deliveries/99999", "coordinator", 404),
    ],
    None: [
        ("GET", "/api/v1/nothing-here", None, 404),
    ],
    "monitoring": [
        ("GET", "/status/?format=json", None, 401),
        ("GET", "/status/XX?format=json", "coordinator", 404),
    ],
}
CASES = [(blueprint, *case) for blueprint, cases in ERRORS.items() for case in cases]


@pytest.mark.parametrize(
    ("blueprint", "method", "url", "who", "status"),
    CASES,
    ids=[f"{c[1]} {c[2]}" for c in CASES],
)
def test_api_errors_share_one_shape(
    client, coordinator, office_kh, blueprint, method, url, who, status
):
    headers = {"coordinator": coordinator, "KH": office_kh}.get(who, {})
    response = client.open(
        url, method=method, headers=headers, data=b"" if method == "POST" else None
    )
    assert response.status_code == status, response.data
    assert response.is_json, response.data
    body = response.json
    assert set(body) == SHAPE, body
    assert (body["error"], body["status"]) == (CODES[status], status)
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
    assert apis <= set(ERRORS), apis


def test_the_oauth_token_endpoint_keeps_rfc_6749s_shape(client):
    response = client.post("/oauth/token", data={"grant_type": "password"})
    assert response.status_code == 400
    assert set(response.json) == {"error", "error_description"}
    assert response.json["error"] == "unsupported_grant_type"
