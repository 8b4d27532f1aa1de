"""``iphub coverage``: per office, every source path seen → mapped / not mapped / unmapped."""

from __future__ import annotations

import hashlib
import json

import pytest

from iphub import coverage_cli
from iphub.coverage_cli import coverage
from store.models import Office, SourceRecord
from tests.conftest import DATA

KH_FILES = [
    *(("st66", p) for p in sorted((DATA / "st66").glob("KH-*.xml"))),
    ("st36", DATA / "st36" / "KH-granted-pct.xml"),
    ("st86", DATA / "st86" / "KH-registered.xml"),
]
UNKNOWN = b"<kh-fast-track-code>FT-2</kh-fast-track-code>"
UNKNOWN_PATH = "/patent-document/bibliographic-data/kh-fast-track-code"


def _with_unknown_element(raw: bytes) -> bytes:
    """The ST.36 record with an element no coverage table declares, in bibliographic-data."""
    return raw.replace(b"</bibliographic-data>", UNKNOWN + b"</bibliographic-data>", 1)


def _record(office: Office, ident: str, prefix: str, raw: bytes | None, **kw) -> SourceRecord:
    return SourceRecord(
        office_id=office.id,
        source_identifier=ident,
        metadata_prefix=prefix,
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest() if raw is not None else None,
        **kw,
    )


@pytest.fixture
def offices(db):
    """KH: the KH fixtures of every format, three patents with an unknown element, a deleted
    record and one without bytes (neither counted); TH: two ST.66 records; LA: none."""
    patent = (DATA / "st36" / "KH-granted-pct.xml").read_bytes()
    with db.session() as session:
        kh = Office(code="KH", name="Cambodia")
        th = Office(code="TH", name="Thailand")
        la = Office(code="LA", name="Lao PDR")
        session.add_all([kh, th, la])
        session.flush()
        records = [
            _record(kh, f"KH-{n}", prefix, p.read_bytes()) for n, (prefix, p) in enumerate(KH_FILES)
        ]
        records += [
            _record(kh, f"KH-new-{n}", "st36", _with_unknown_element(patent)) for n in range(3)
        ]
        deleted_raw = patent.replace(b"</bibliographic-data>", b"<gone/></bibliographic-data>")
        records.append(_record(kh, "KH-deleted", "st36", deleted_raw, deleted=True))
        records.append(_record(kh, "KH-no-bytes", "st66", None, error="unreadable"))
        records += [
            _record(th, f"TH-{n}", "st66", (DATA / "st66" / name).read_bytes())
            for n, name in enumerate(["TH-complete.xml", "TH-defects-empty-elements.xml"])
        ]
        session.add_all(records)
    return db


def test_report_lists_mapped_not_mapped_and_unmapped(runner, offices):
    result = runner.invoke(coverage, ["KH"])
    assert result.exit_code == 0, result.output
    out = result.output
    expected_records = len(KH_FILES) + 3  # not the deleted one, not the one without bytes
    assert out.startswith(f"Coverage for KH: {expected_records} record(s), ")
    lines = out.splitlines()
    assert {"UNMAPPED", "NOT MAPPED", "MAPPED"} <= {line.split(" (")[0] for line in lines}
    # mapped: the ST.96 path it goes to
    assert (
        "  /patent-document/bibliographic-data/invention-title x8 -> "
        "/pat:BibliographicData/pat:InventionTitleBag/pat:InventionTitle (every language)"
    ) in lines
    assert any(
        line.startswith("  /Transaction/DesignTransactionBody/") and " -> /dgn:Design" in line
        for line in lines
    )
    # deliberately not mapped: the reason
    assert any(
        line.startswith("  /patent-document/abstract x8 -- ")
        and "pat:BibliographicData has no abstract" in line
        for line in lines
    )
    # unmapped: counted, so nothing disappears unnoticed
    assert f"  {UNKNOWN_PATH} x3 ??" in lines
    assert any(line.endswith("/MarkSoundFilename x1 ??") for line in lines)
    assert "/gone" not in out  # deleted records are not the office's current data


def test_unknown_element_is_counted_as_unmapped(runner, offices):
    result = runner.invoke(coverage, ["kh", "--json", "--prefix", "st36"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["office"] == "KH" and report["records"] == 4
    unmapped = [e for e in report["entries"] if e["status"] == "unmapped"]
    assert unmapped == [
        {"prefix": "st36", "path": UNKNOWN_PATH, "status": "unmapped", "target": "", "count": 3}
    ]
    assert report["unmapped"] == 1 and report["mapped"] > 50 and report["not_mapped"] > 0
    assert {e["prefix"] for e in report["entries"]} == {"st36"}


def test_unmapped_only(runner, offices):
    result = runner.invoke(coverage, ["KH", "--unmapped-only"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Coverage for KH:")  # the summary still counts every path
    assert " mapped, " in lines[0] and not lines[0].endswith(" 0 unmapped")
    sections = [line for line in lines if line and not line.startswith(("  ", "Coverage"))]
    assert len(sections) == 1 and sections[0].startswith("UNMAPPED (")
    assert all(line.endswith("??") for line in lines if line.startswith("  /"))
    assert f"  {UNKNOWN_PATH} x3 ??" in lines

    as_json = json.loads(runner.invoke(coverage, ["KH", "--unmapped-only", "--json"]).output)
    assert {e["status"] for e in as_json["entries"]} == {"unmapped"}
    assert as_json["mapped"] > 0


def test_prefix_filters_the_records(runner, offices):
    result = runner.invoke(coverage, ["KH", "--prefix", "st86"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Coverage for KH: 1 record(s), ")
    paths = [line.split()[0] for line in result.output.splitlines() if line.startswith("  /")]
    assert "/Transaction/DesignTransactionBody" in paths
    assert not any(p.startswith(("/patent-document", "/Transaction/TradeMark")) for p in paths)


def test_all_offices_one_line_each(runner, offices):
    for args in ([], ["--all"]):
        result = runner.invoke(coverage, args)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert [line.split()[0] for line in lines] == ["KH", "LA", "TH"]
        kh, la, th = lines
        assert kh.split()[1] == str(len(KH_FILES) + 3)
        assert la.split()[1] == "0" and la.rstrip().endswith(" 0 unmapped")
        assert th.rstrip().endswith(" 0 unmapped")
        assert not kh.rstrip().endswith(" 0 unmapped")
    rows = json.loads(runner.invoke(coverage, ["--all", "--json"]).output)
    by_office = {row["office"]: row for row in rows}
    assert by_office["TH"]["unmapped"] == 0 and by_office["TH"]["records"] == 2
    kh_unmapped = json.loads(runner.invoke(coverage, ["KH", "--json"]).output)["unmapped"]
    assert by_office["KH"]["unmapped"] == kh_unmapped >= 3  # kh-fast-track-code + ST.66 ones


def test_streams_in_batches(runner, offices, monkeypatch):
    monkeypatch.setattr(coverage_cli, "BATCH", 2)
    result = runner.invoke(coverage, ["KH", "--unmapped-only"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Coverage for KH: {len(KH_FILES) + 3} record(s), ")
    assert f"  {UNKNOWN_PATH} x3 ??" in result.output.splitlines()


def test_unknown_office_and_conflicting_arguments(runner, offices):
    result = runner.invoke(coverage, ["XX"])
    assert result.exit_code == 1
    assert "no office 'XX'" in result.output and "KH, LA, TH" in result.output
    result = runner.invoke(coverage, ["KH", "--all"])
    assert result.exit_code == 2


def test_registered_on_the_iphub_command():
    from iphub.cli import cli

    assert cli.get_command(None, "coverage") is coverage  # type: ignore[arg-type]
