"""Which webhook URLs are refused: only http(s), never link-local or metadata addresses,
loopback and private ones only with NOTIFY_ALLOW_PRIVATE."""

from __future__ import annotations

import pytest

from store.urls import UrlRefused, check_url


def fixed(*addresses: str):
    return lambda _host, _port: list(addresses)


@pytest.mark.parametrize(
    ("url", "addresses", "reason"),
    [
        ("ftp://hooks.example/x", ("93.184.216.34",), "http:// or https://"),
        ("https:///x", (), "no host"),
        ("https://user:pw@hooks.example/x", ("93.184.216.34",), "no user name"),
        ("http://169.254.169.254/latest/meta-data", ("169.254.169.254",), "link-local"),
        ("http://metadata.google.internal/", ("169.254.169.254",), "metadata service"),
        ("http://[fe80::1]/x", ("fe80::1",), "link-local"),
        ("http://localhost:8080/x", ("127.0.0.1",), "not a public address"),
        ("http://intranet.example/x", ("10.1.2.3",), "not a public address"),
        ("http://rebound.example/x", ("93.184.216.34", "192.168.1.5"), "not a public address"),
    ],
)
def test_refused(url, addresses, reason):
    with pytest.raises(UrlRefused, match=reason):
        check_url(url, allow_private=False, resolver=fixed(*addresses))


def test_public_https_is_accepted():
    url = "https://hooks.example/iphub"
    assert check_url(url, allow_private=False, resolver=fixed("93.184.216.34")) == url


def test_localhost_only_with_the_setting_and_never_link_local():
    assert check_url("http://127.0.0.1:9/x", allow_private=True, resolver=fixed("127.0.0.1"))
    with pytest.raises(UrlRefused, match="link-local"):
        check_url("http://169.254.169.254/", allow_private=True, resolver=fixed("169.254.169.254"))
