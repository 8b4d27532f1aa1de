"""Fixtures for the mapping tests: the ST.66 sample records and the shared reference data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
if str(PROJECT) not in sys.path:
    # The venv's editable install predates the mappings package (its finder maps only node and
    # xsd); until it is reinstalled, make the project root importable for these tests.
    sys.path.insert(0, str(PROJECT))
DATA = PROJECT / "tests" / "data"
SHARED = PROJECT.parent / "shared"
ST96_DIR = SHARED / "st96" / "V6_0"
OFFICE_FORMATS = SHARED / "office-formats" / "trademarks"
OAI_DC_XSD = SHARED / "oai-pmh" / "oai_dc.xsd"
ST66_FILES = sorted((DATA / "st66").glob("*.xml"))
IPAS_OFFICES = ("BN", "ID", "KH", "LA", "MY", "PH", "TH", "VN")

needs_st96 = pytest.mark.skipif(
    not (ST96_DIR / "Common_V6_0.xsd").is_file(), reason="../shared/st96 not present"
)
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not present")


def office_of(path: Path) -> str:
    """Fixture files are named OFFICE-description.xml."""
    return path.name.split("-", 1)[0]


@pytest.fixture(params=ST66_FILES, ids=lambda p: p.stem)
def st66_file(request: pytest.FixtureRequest) -> Path:
    return request.param
