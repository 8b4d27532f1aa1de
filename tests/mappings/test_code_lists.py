"""The ST.96 code lists are the project's own data: the same findings with or without the
schemas installed, and the data kept equal to the schemas' enumerations."""

from __future__ import annotations

import pytest
from lxml import etree

from mappings import st96
from tests.schemas import needs_st96

#: The simple types of Common_V6_0.xsd behind each list (current and former codes).
SCHEMA_TYPES = {
    "country": ("ISOCountryCodeType", "ISOFormerCountryCodeType"),
    "language": ("ISOLanguageCodeType", "ISOFormerLanguageCodeType"),
    "office": ("WIPOST3CodeType", "WIPOFormerST3CodeType"),
}


@needs_st96
@pytest.mark.parametrize("kind", sorted(SCHEMA_TYPES))
def test_code_lists_equal_the_schema_enumerations(st96_dir, kind):
    xs = "{http://www.w3.org/2001/XMLSchema}"
    tree = etree.parse(str(st96_dir / "Common_V6_0.xsd"))
    values = {
        e.get("value")
        for simple in tree.iter(f"{xs}simpleType")
        if simple.get("name") in SCHEMA_TYPES[kind]
        for e in simple.iter(f"{xs}enumeration")
    }
    assert st96.code_list(kind) == values


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [("country", "UK", False), ("country", "GB", True), ("office", "EM", True),
     ("office", "QQ", False), ("language", "km", True), ("language", "kh", False)],
)  # fmt: skip
def test_codes_do_not_depend_on_installed_schemas(monkeypatch, tmp_path, kind, value, valid):
    """``UK`` is refused even where no schema is installed (it once passed there)."""
    monkeypatch.setenv("IPHUB_ST96_XSD_DIR", str(tmp_path / "no-schemas"))
    assert st96.is_code(kind, value) is valid
