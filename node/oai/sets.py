"""The set hierarchy: ``KH`` (an office) above ``KH:trademarks``, ``KH:patents``, ``KH:designs``.

Sets are derived from the distinct (office_code, ip_type) pairs in the store, named after the
Office table, and described in oai_dc. A set outside the client's view is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from sqlalchemy.orm import Session

from node.oai import query
from node.oai.client_view import OaiView
from oaiprotocol.elements import E, sub
from xsd.namespaces import DC_NS, OAI_DC_NS, OAI_DC_SCHEMA, XSI_NS

_TYPE_NAMES = {"trademarks": "Trademarks", "patents": "Patents", "designs": "Industrial designs"}


@dataclass(frozen=True)
class OAISet:
    spec: str
    name: str
    description: str


def visible_sets(session: Session, view: OaiView) -> list[OAISet]:
    """Office sets followed by their IP-type sets, limited to what ``view`` allows."""
    found: list[OAISet] = []
    seen_offices: set[str] = set()
    for office, ip_type, office_name in query.set_pairs(session):
        if not view.allows(office, ip_type):
            continue
        name = office_name or office
        if office not in seen_offices:
            seen_offices.add(office)
            found.append(OAISet(office, name, f"Records published by {name} ({office})."))
        label = _TYPE_NAMES.get(ip_type, ip_type)
        found.append(
            OAISet(
                f"{office}:{ip_type}",
                f"{name}: {label}",
                f"{label} published by {name} ({office}), in WIPO ST.96.",
            )
        )
    return found


def set_element(item: OAISet) -> etree._Element:
    """``<set>`` with setSpec, setName and an oai_dc setDescription."""
    element = E("set")
    sub(element, "setSpec", item.spec)
    sub(element, "setName", item.name)
    description = sub(element, "setDescription")
    dc = etree.SubElement(
        description,
        f"{{{OAI_DC_NS}}}dc",
        nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS},
    )
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    etree.SubElement(dc, f"{{{DC_NS}}}title").text = item.name
    etree.SubElement(dc, f"{{{DC_NS}}}description").text = item.description
    return element
