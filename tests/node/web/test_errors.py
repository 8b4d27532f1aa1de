"""Error answers by URL: pages in the site's layout, JSON under /api/, protocol endpoints left
to their own formats; the Content-Security-Policy on pages only."""

from __future__ import annotations

import pytest

from node.web.headers import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("url", "status", "sentence"),
    [
        ("/portal/KH/quality?state=bogus", 400, "state must be one of open, resolved, accepted"),
        ("/portal/TH/quality", 403, "Your account may not open this page."),
        ("/portal/KH/authorizations/1/revoke", 405, "does not accept that kind of request"),
        ("/nowhere", 404, "There is nothing at this address."),
    ],
)
def test_pages_answer_in_the_layout(client, login, url, status, sentence):
    login("KH")
    response = client.get(url)
    html = response.data.decode()
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f'data-status="{status}"' in html and sentence in html
    assert 'id="menu-quality"' in html  # the site's menus, not Werkzeug's bare page
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/v1/unknown", 404), ("/api/v1/quality/findings?office=TH", 403)],
)
def test_apis_answer_json(client, login, url, status):
    login("KH")
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json and response.json["status"] == status
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.parametrize("url", ["/oai/unknown", "/oauth/unknown", "/documents/KH/x/y"])
def test_protocol_endpoints_keep_their_answers(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "data-status" not in response.data.decode()


def test_oai_answers_are_not_pages(client):
    refused = client.get("/oai?verb=Identify")  # the node is closed by default
    assert refused.status_code == 401 and refused.mimetype == "text/plain"
    assert "Content-Security-Policy" not in refused.headers
