"""Where a login may send the browser next: same-site paths only, never a 500."""

from __future__ import annotations

import pytest

from node.auth.redirects import same_site_path

HOME = "/portal/KH/authorizations"

HOSTILE = [
    "/%09/evil.example/phish",  # a tab the browser drops: //evil.example
    "/%0A/evil.example/phish",  # a newline in the Location header
    "/%0D%0ASet-Cookie:x=1",
    "//evil.example/x",
    "/\\evil.example/x",
    "/%5Cevil.example/x",
    "/%2F/evil.example",
    "///evil.example",
    "https://evil.example/x",
    "javascript:alert(1)",
    "evil.example/x",
    "/%00/x",
    "/%E2%80%AE/x",  # right-to-left override
    "/ /evil.example",
    "/" + "a" * 5000,
]


def form(token, world) -> dict:
    return {"csrf_token": token("/login"), "email": world.users["KH"], "password": world.password}


@pytest.mark.parametrize("target", ["/%09/evil", "//evil", "/\\evil", "http://x/", "/\x7f", ""])
def test_unsafe_targets_are_refused(target):
    assert same_site_path(target) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/portal/KH/quality?rule=X&state=open", "/portal/KH/quality?rule=X&state=open"),
     ("/console/?", "/console/"), ("/console/#top", "/console/")],
)  # fmt: skip
def test_same_site_paths_are_kept(target, expected):
    assert same_site_path(target) == expected


@pytest.mark.parametrize("target", HOSTILE)
def test_login_never_redirects_off_site_nor_fails(client, world, token, target):
    response = client.post(
        f"/login?next={target}",
        data={
            "csrf_token": token("/login"),
            "email": world.users["KH"],
            "password": world.password,
        },
    )
    if "%00" in target:  # control characters in a parameter are refused before any view
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


def test_login_follows_a_same_site_next(client, world, token):
    response = client.post(
        "/login?next=/portal/KH/quality%3Fstate%3Dopen",
        data={
            "csrf_token": token("/login"),
            "email": world.users["KH"],
            "password": world.password,
        },
    )
    assert response.headers["Location"] == "/portal/KH/quality?state=open"
