"""Which webhook URLs the hub may post to.

Only http and https. The host's addresses are checked when the URL is registered and again
before every post (a name can be re-pointed after registration): link-local addresses (where
cloud metadata services answer, 169.254.169.254) and metadata host names are always refused;
loopback, private and other non-public addresses only when ``NOTIFY_ALLOW_PRIVATE`` is on,
which tests and single-machine demos use.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
Resolver = Callable[[str, int], list[str]]


class UrlRefused(ValueError):
    """The URL may not be used for webhooks; the message says why in one sentence."""


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UrlRefused(f"the host {host!r} cannot be resolved ({error.strerror}).") from None
    return sorted({info[4][0] for info in infos})


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> str:
    """``url`` when the hub may post to it; :class:`UrlRefused` otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise UrlRefused("a webhook URL must start with http:// or https://.")
    host = (parts.hostname or "").lower()
    if not host:
        raise UrlRefused("the webhook URL has no host name.")
    if parts.username or parts.password:
        raise UrlRefused("put no user name or password in the webhook URL; the post is signed.")
    if host in METADATA_HOSTS:
        raise UrlRefused(f"{host} is a cloud metadata service, not a webhook receiver.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UrlRefused("the webhook URL has an invalid port.") from None
    for address in resolver(host, port):
        _check_address(host, ipaddress.ip_address(address.split("%")[0]), allow_private)
    return url.strip()


def _check_address(host: str, address: ipaddress._BaseAddress, allow_private: bool) -> None:
    if address.is_link_local or address.is_multicast or address.is_unspecified:
        raise UrlRefused(f"{host} resolves to {address}, a link-local or reserved address.")
    if allow_private:
        return
    if address.is_loopback or address.is_private or address.is_reserved:
        raise UrlRefused(
            f"{host} resolves to {address}, which is not a public address "
            "(allowed only with NOTIFY_ALLOW_PRIVATE)."
        )
