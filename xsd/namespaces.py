"""The XML namespaces of the standard schemas every layer writes or reads, each written once.

Here, in the bottom package beside the schemas themselves, so that the mappings, the OAI-PMH
protocol package, the provider and the simulated offices all import the same constants.
"""

from __future__ import annotations

#: XML Schema instance: ``xsi:schemaLocation`` on every rendered document.
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: The ``xml:`` prefix (``xml:lang``, ``xml:space``), bound by XML itself.
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: OAI-PMH's Dublin Core container (``oai_dc:dc``) and its schema.
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
#: Dublin Core elements (``dc:title``...).
DC_NS = "http://purl.org/dc/elements/1.1/"
