"""One coverage table type for every format, and its inverse lookup (ST.96 path → source)."""

from __future__ import annotations

import importlib

import pytest

from mappings.coverage import TABLES
from mappings.framework.table import CoverageTable
from mappings.model import NotMapped

TM = "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/TransactionData"
TM += "/TradeMarkApplication/TradeMarkDetails/TradeMark"


@pytest.mark.parametrize("package", ["st66", "sgtm", "st36", "st86"])
def test_every_format_exports_one_table_of_one_type(package: str) -> None:
    table = importlib.import_module(f"mappings.{package}.table").TABLE
    assert isinstance(table, CoverageTable)
    assert TABLES[table.prefix] is table
    assert all(isinstance(t, str | NotMapped) for t in table.values())


def test_source_paths_for_names_every_source_of_an_st96_path() -> None:
    """The ST.66 element and its IPAS extension twin both feed the status."""
    assert TABLES["st66"].source_paths_for("/tmk:Trademark/tmk:MarkCurrentStatusCode") == (
        f"{TM}/MarkCurrentStatusCode",
        f"{TM}/wo:MarkCurrentStatusCode",
    )


def test_source_paths_for_reads_the_places_a_value_also_goes() -> None:
    """A target naming a second place (the office's word kept beside the code) counts."""
    text = "/tmk:Trademark/tmk:NationalTrademarkInformation"
    text += "/tmk:MarkCurrentStatusExternalDescriptionText"
    assert f"{TM}/MarkCurrentStatusCode" in TABLES["st66"].source_paths_for(text)


def test_source_paths_for_ignores_positions_and_unknown_paths() -> None:
    table = TABLES["st36"]
    number = "/pat:BibliographicData/pat:ApplicationIdentification/com:ApplicationNumber"
    number += "/com:ApplicationNumberText"
    assert table.source_paths_for(number) == (
        "/patent-document/bibliographic-data/application-reference/document-id/doc-number",
    )
    applicant = TABLES["st66"].source_paths_for(
        "/tmk:Trademark/tmk:ApplicantBag/tmk:Applicant[2]/com:Contact/com:Name"
    )
    assert f"{TM}/ApplicantDetails/Applicant/ApplicantAddressBook/FormattedNameAddress/Name" in (
        applicant
    )
    assert table.source_paths_for("/pat:BibliographicData/pat:Nothing") == ()


def test_not_mapped_paths_feed_nothing() -> None:
    table = CoverageTable(
        prefix="x",
        paths={"/R": "/x:Out", "/R/A": "/x:Out/x:A (also /x:Out/x:B)", "/R/C": NotMapped("/x:Out")},
        handled_attributes=frozenset(),
    )
    assert table.source_paths_for("/x:Out/x:B") == ("/R/A",)
    assert table.source_paths_for("/x:Out") == ("/R",)
    assert "/R/C" in table and table["/R/C"] == NotMapped("/x:Out")
