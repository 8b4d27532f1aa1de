"""XML namespaces every layer uses, written once (the mappings, the provider and the harvester
import them from here, the lowest package that needs them)."""

from __future__ import annotations

#: XML Schema instance: ``xsi:schemaLocation`` on every rendered document.
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: The ``xml:`` prefix (``xml:lang``, ``xml:space``), bound by XML itself.
XML_NS = "http://www.w3.org/XML/1998/namespace"
