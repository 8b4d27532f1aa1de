"""The protocol's namespaces and the small lxml pieces both OAI-PMH servers build alike.

The node streams its responses as bytes around stored records (:mod:`node.oai.render`); a
simulated office serialises one lxml tree per response (:mod:`simulator.render`). What they
share is here: namespaces and schema locations, elements in the OAI-PMH namespace, the
``<error>`` elements and the oai-identifier description of Identify.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from oaiprotocol.errors import OAIError
from xsd.namespaces import XSI_NS

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_SCHEMA_LOCATION = f"{OAI_NS} {OAI_SCHEMA}"
OAI_ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_ID_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"


def E(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """An element in the OAI-PMH namespace, declared on it (a root of its own)."""
    element = etree.Element(f"{{{OAI_NS}}}{tag}", nsmap={None: OAI_NS}, **attributes)
    if text is not None:
        element.text = text
    return element


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    """A child in the OAI-PMH namespace."""
    element = etree.SubElement(parent, f"{{{OAI_NS}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def error_elements(errors: Iterable[OAIError]) -> list[etree._Element]:
    """One ``<error code="...">`` per error condition, its message as text."""
    return [E("error", error.message, code=error.code) for error in errors]


def oai_identifier(repository_identifier: str, sample: str) -> etree._Element:
    """The oai-identifier description: the scheme the repository's identifiers follow."""
    root = etree.Element(f"{{{OAI_ID_NS}}}oai-identifier", nsmap={None: OAI_ID_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_ID_NS} {OAI_ID_SCHEMA}")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_identifier),
        ("delimiter", ":"),
        ("sampleIdentifier", sample),
    ):
        etree.SubElement(root, f"{{{OAI_ID_NS}}}{tag}").text = text
    return root
