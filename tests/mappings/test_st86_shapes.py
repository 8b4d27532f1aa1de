"""No false findings: each design "missing" rule stays silent when the record has the field,
in every shape IPAS offices send it: in the ``wo-designs`` extension namespace, after an empty
element of the same name, or only in the office's second language."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from lxml import etree

from mappings.pipeline import process_record
from mappings.st86 import NAMESPACE, WO_DESIGNS

from .conftest import DATA, needs_st96

BASE = DATA / "st86" / "LA-registered.xml"
N = f"{{{NAMESPACE}}}"

#: The rule that must stay silent → the source element (local name) that answers it.
FIELDS = {
    "DES-TITLE-MISSING": "DesignTitle",
    "DES-STATUS-MISSING": "DesignCurrentStatusCode",
    "DES-APPLICATION-NUMBER-MISSING": "DesignApplicationNumber",
    "DES-FILING-DATE-MISSING": "DesignApplicationDate",
    "DES-REPRESENTATION-MISSING": "RepresentationSheetFilename",
    "DES-LOCARNO-MISSING": "ClassNumber",
    "PARTY-APPLICANT-MISSING": "FreeFormatNameLine",
    "PARTY-NAME-MISSING": "FreeFormatNameLine",
}
#: Elements IPAS writes in its extension namespace (moved there with their subtree).
IN_WO = {"DesignCurrentStatusCode"}


def _empty_sibling(el: etree._Element) -> None:
    """An empty element of the same name before it (IPAS writes empty elements)."""
    el.addprevious(etree.Element(el.tag))


def _second_language_only(el: etree._Element) -> None:
    """Only the office's second-language variant is sent (Lao, tagged ``la``)."""
    for sibling in el.itersiblings(el.tag):
        sibling.getparent().remove(sibling)
    for sibling in el.itersiblings(el.tag, preceding=True):
        sibling.getparent().remove(sibling)
    el.set("languageCode", "la")


def _wo_namespace(el: etree._Element) -> None:
    el.tag = f"{{{WO_DESIGNS}}}{etree.QName(el).localname}"


SHAPES: dict[str, Callable[[etree._Element], None]] = {
    "as-sent": lambda el: None,
    "empty-sibling": _empty_sibling,
    "second-language-only": _second_language_only,
    "wo-namespace": _wo_namespace,
}


def _variant(field: str, shape: str) -> bytes:
    root = copy.deepcopy(etree.parse(str(BASE)).getroot())
    for el in list(root.iter(f"{N}{field}", f"{{{WO_DESIGNS}}}{field}")):
        if shape == "wo-namespace" and field not in IN_WO:
            continue  # only IPAS's extension elements are sent in wo-designs
        SHAPES[shape](el)
    return etree.tostring(root)


@needs_st96
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("rule_id", FIELDS)
def test_missing_rule_is_silent_when_the_field_is_sent(rule_id: str, shape: str) -> None:
    record = process_record("st86", _variant(FIELDS[rule_id], shape), "LA")
    assert record.validation_status == "valid"
    assert rule_id not in {f.rule_id for f in record.findings}


@needs_st96
def test_missing_rule_still_fires_when_the_field_is_absent() -> None:
    """The rules can fail: without the field, each one reports."""
    root = etree.parse(str(BASE)).getroot()
    for name in ("DesignTitle", "DesignCurrentStatusCode"):
        for el in list(root.iter(f"{N}{name}")):
            el.getparent().remove(el)
    found = {f.rule_id for f in process_record("st86", etree.tostring(root), "LA").findings}
    assert {"DES-TITLE-MISSING", "DES-STATUS-MISSING"} <= found
