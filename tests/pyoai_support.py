"""pyoai as a test peer: its 2.5 release calls ``XPathEvaluator.evaluate``, an alias lxml 6
removed, and encodes credentials with ``base64.encodestring``, gone since Python 3.9.
``pyoai_on_lxml6`` (import it into a test module) gives the alias back; :func:`client` sets
the credentials itself."""

from __future__ import annotations

import base64
import types

import pytest
from lxml import etree
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry


class _Evaluator:
    """lxml's XPathEvaluator with the ``evaluate`` alias pyoai calls."""

    def __init__(self, *args, **kwargs) -> None:
        self._evaluate = etree.XPathEvaluator(*args, **kwargs)

    def evaluate(self, expression: str):
        return self._evaluate(expression)

    __call__ = evaluate


@pytest.fixture(autouse=True)
def pyoai_on_lxml6(monkeypatch):
    import oaipmh.client
    import oaipmh.metadata

    shim = types.SimpleNamespace(**{n: getattr(etree, n) for n in dir(etree) if n[:2] != "__"})
    shim.XPathEvaluator = _Evaluator
    monkeypatch.setattr(oaipmh.client, "etree", shim)
    monkeypatch.setattr(oaipmh.metadata, "etree", shim)


def client(url: str, registry: MetadataRegistry, credentials: tuple[str, str]) -> Client:
    """A pyoai client sending HTTP Basic ``credentials``."""
    made = Client(url, registry)
    made._credentials = base64.b64encode(":".join(credentials).encode()).decode()
    return made
