"""xsd.validator: compiled once, paths in errors, and never "valid" without schemas."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from tests.schemas import needs_st96  # noqa: E402
from xsd import validator  # noqa: E402

TMK = "http://www.wipo.int/standards/XMLSchema/ST96/Trademark"
COM = "http://www.wipo.int/standards/XMLSchema/ST96/Common"
SAMPLE = PROJECT / "tests" / "data" / "st96" / "KH-trademark.xml"


def sample() -> etree._Element:
    return etree.parse(str(SAMPLE)).getroot()


@needs_st96
def test_valid_record() -> None:
    assert validator.validate(sample(), "trademarks") == ("valid", ())


@needs_st96
def test_schema_compiled_once() -> None:
    assert validator.schema_for("trademarks") is validator.schema_for("trademarks")


@needs_st96
def test_errors_carry_element_paths() -> None:
    root = sample()
    root.find(f"{{{TMK}}}MarkCategory").text = "Bogus"
    status, errors = validator.validate(root, "trademarks")
    assert status == "invalid"
    assert errors[0].startswith("/tmk:Trademark/tmk:MarkCategory")
    assert "Bogus" in errors[0]


@needs_st96
def test_wrong_root() -> None:
    status, errors = validator.validate(etree.Element(f"{{{TMK}}}TrademarkBag"), "trademarks")
    assert status == "invalid" and "tmk:Trademark" in errors[0]


def test_skipped_without_schemas(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IPHUB_ST96_XSD_DIR", str(tmp_path))
    status, reasons = validator.validate(sample(), "trademarks")
    assert status == "skipped"
    assert "IPHUB_ST96_XSD_DIR" in reasons[0] and "iphub xsd fetch" in reasons[0]


def test_unknown_ip_type() -> None:
    with pytest.raises(ValueError):
        validator.validate(sample(), "copyright")
