"""No false findings: each patent "missing" rule stays silent when the record has the field,
in every shape offices send it: as a file without namespace (with its DOCTYPE) or as a
namespaced feed record, after an empty element of the same name, or only in a second
language, and with the parties in the office's national wrappers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from mappings.pipeline import process_record
from mappings.xmlsafe import parse_xml

from .conftest import DATA, needs_st96

BASE = DATA / "st36" / "TH-doctype-national-wrappers.xml"

#: The rule that must stay silent → the source element that answers it (a path below the root).
FIELDS = {
    "PAT-ABSTRACT-MISSING": "abstract",
    "PAT-TITLE-MISSING": "invention-title",
    "PAT-IPC-MISSING": "classification-ipcr",
    "PAT-APPLICATION-NUMBER-MISSING": "application-reference/document-id/doc-number",
    "PAT-FILING-DATE-MISSING": "application-reference/document-id/date",
    "PARTY-APPLICANT-MISSING": "th-applicant",
}


def _empty_sibling(el: etree._Element) -> None:
    el.addprevious(etree.Element(el.tag))


def _second_language_only(el: etree._Element) -> None:
    """Only the variant in the office's language is sent (lang="th")."""
    for sibling in [*el.itersiblings(el.tag), *el.itersiblings(el.tag, preceding=True)]:
        sibling.getparent().remove(sibling)
    el.set("lang", "th")


SHAPES: dict[str, Callable[[etree._Element], None]] = {
    "as-sent": lambda el: None,
    "empty-sibling": _empty_sibling,
    "second-language-only": _second_language_only,
}
#: Elements sent once per language (the others have no language variants).
MULTILINGUAL = {"abstract", "invention-title"}


def _variant(field: str, shape: str, namespaced: bool) -> bytes:
    root = parse_xml(BASE.read_bytes())
    if shape != "second-language-only" or field in MULTILINGUAL:
        for el in list(root.iterfind(f".//{field}"))[:1]:
            SHAPES[shape](el)
    if namespaced:  # the OAI-PMH feed form
        for el in root.iter():
            el.tag = f"{{http://www.wipo.int/standards/XMLSchema/ST36}}{el.tag}"
    return etree.tostring(root)


@needs_st96
@pytest.mark.parametrize("namespaced", [False, True], ids=["file", "feed"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("rule_id", FIELDS)
def test_missing_rule_is_silent_when_the_field_is_sent(
    rule_id: str, shape: str, namespaced: bool
) -> None:
    record = process_record("st36", _variant(FIELDS[rule_id], shape, namespaced), "TH")
    assert record.validation_status == "valid"
    assert rule_id not in {f.rule_id for f in record.findings}


@needs_st96
def test_missing_rules_still_fire_when_the_fields_are_absent() -> None:
    root = parse_xml(BASE.read_bytes())
    for name in ("abstract", "invention-title", "classifications-ipcr"):
        for el in list(root.iter(name)):
            el.getparent().remove(el)
    found = {f.rule_id for f in process_record("st36", etree.tostring(root), "TH").findings}
    assert {"PAT-ABSTRACT-MISSING", "PAT-TITLE-MISSING", "PAT-IPC-MISSING"} <= found
