"""Checking an office's endpoint before it is registered: what an operator typed, then what
the endpoint says (Identify, ListMetadataFormats), so a mistake is reported at once, in one
sentence, instead of as a failed harvest hours later.

The rules for the typed values are the console form's (an ST.3 code, an http(s) URL, a
metadataPrefix), plus the one the form cannot know: the prefix must be one the endpoint offers.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from harvester.client import OAIClient, raise_oai_error
from harvester.faults import HarvestFault
from mappings.st96 import is_code

_OAI = "{http://www.openarchives.org/OAI/2.0/}"
#: OAI-PMH metadataPrefix: URI unreserved characters (protocol section 3.4).
_PREFIX = re.compile(r"[A-Za-z0-9_.!~*'()-]{1,40}\Z")


def check_code(code: str) -> str | None:
    """Why ``code`` is not a WIPO ST.3 office code (two letters, e.g. KH, EM), or None."""
    if re.fullmatch(r"[A-Za-z]{2}", code) and is_code("office", code.upper()):
        return None
    return f"office code {code!r} is not a WIPO ST.3 code (two letters, e.g. KH or EM)"


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be an OAI-PMH base URL (http or https with a host), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"endpoint {url!r} is not an http:// or https:// URL"
    if parts.query or parts.fragment:
        return f"endpoint {url!r} must be the base URL, without ?query or #fragment"
    return None


def check_prefix(prefix: str) -> str | None:
    """Why ``prefix`` is not a valid metadataPrefix, or None."""
    if _PREFIX.match(prefix):
        return None
    return f"metadata prefix {prefix!r} is not a valid OAI-PMH metadataPrefix"


def probe(url: str, prefixes: tuple[str, ...], *, timeout: float = 15.0) -> str | None:
    """Ask the endpoint Identify and ListMetadataFormats once each (no retries: the operator is
    waiting); why it cannot be harvested with ``prefixes``, or None when it can."""
    client = OAIClient(url, timeout=timeout)
    try:
        client.identify()
        offered = metadata_prefixes(client)
    except HarvestFault as fault:
        return f"{url}: {fault}"
    finally:
        client.close()
    missing = [p for p in prefixes if p not in offered]
    if missing:
        return (
            f"{url} does not offer metadata prefix {', '.join(map(repr, missing))}; "
            f"it offers {', '.join(offered) or 'none'}"
        )
    return None


def metadata_prefixes(client: OAIClient) -> list[str]:
    """The prefixes ListMetadataFormats names, in the endpoint's order."""
    root = client.harvest(verb="ListMetadataFormats").xml
    raise_oai_error(root)
    return [
        (element.text or "").strip()
        for element in root.iter(f"{_OAI}metadataPrefix")
        if (element.text or "").strip()
    ]
