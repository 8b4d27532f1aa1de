"""The provider's side of the verbs: a request checked against the protocol's table
(:mod:`oaiprotocol.verbs`) and the formats this node serves, then dispatched to its handler."""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from node.oai import formats
from oaiprotocol.verbs import OAIRequest, check


def validate(values: MultiDict) -> OAIRequest:
    """Check ``values`` (query or form arguments); OAIErrors when illegal."""
    return check({key: values.getlist(key) for key in values}, formats.REGISTRY)


def dispatch(context, request: OAIRequest) -> Iterable[bytes]:
    """Run the verb's handler; it raises an OAIError before returning any bytes."""
    from node.oai import handlers

    return getattr(handlers, _HANDLER_NAMES[request.verb])(context, request)


_HANDLER_NAMES = {
    "Identify": "identify",
    "ListMetadataFormats": "list_metadata_formats",
    "ListSets": "list_sets",
    "GetRecord": "get_record",
    "ListIdentifiers": "list_identifiers",
    "ListRecords": "list_records",
}
