"""Coverage: every path the IPAS offices export is mapped or deliberately not mapped."""

from __future__ import annotations

import pytest

from mappings.coverage import coverage_of_paths_file, coverage_report, read_paths_file

from .conftest import DATA, IPAS_OFFICES, OFFICE_FORMATS, needs_shared


@needs_shared
@pytest.mark.parametrize("office", IPAS_OFFICES)
def test_no_unmapped_paths_in_ipas_offices(office: str) -> None:
    report = coverage_of_paths_file(OFFICE_FORMATS / f"{office}.paths")
    assert report.unmapped == []
    assert report.counts()["mapped"] > 60
    assert all(e.target for e in report.entries)  # every "not mapped" has its reason


@needs_shared
def test_paths_file_reader() -> None:
    paths = read_paths_file(OFFICE_FORMATS / "KH.paths")
    assert paths[0] == "/Transaction"
    assert any(p.endswith("/FreeFormatNameLine[@languageCode=en]") for p in paths)
    assert len(paths) == len(set(paths))


def test_coverage_report_from_records() -> None:
    raws = [("st66", p.read_bytes()) for p in sorted((DATA / "st66").glob("KH-*.xml"))]
    raws.append(("st66", b"<broken"))
    raws.append(("marcxml", b"<r/>"))
    report = coverage_report("KH", raws)
    assert report.records == len(raws)
    assert len(report.failures) == 2
    unmapped = {e.path.rsplit("/", 1)[-1] for e in report.unmapped}
    assert {"MarkSoundFilename", "AssociatedMarkDetails"} <= unmapped
    text = report.render_text()
    assert text.startswith("Coverage for KH:")
    assert "UNMAPPED" in text and "MarkSoundFilename" in text
