"""The provider's side of the verbs: a request checked against the protocol's table
(:mod:`oaiprotocol.verbs`) and the metadata formats this app serves. Each verb's handler is
:data:`node.oai.handlers.HANDLERS`."""

from __future__ import annotations

from collections.abc import Container

from werkzeug.datastructures import MultiDict

from oaiprotocol.verbs import OAIRequest, check


def validate(values: MultiDict, prefixes: Container[str]) -> OAIRequest:
    """Check ``values`` (query or form arguments); OAIErrors when illegal.

    ``prefixes``: the metadata prefixes the app's provider disseminates.
    """
    return check({key: values.getlist(key) for key in values}, prefixes)
