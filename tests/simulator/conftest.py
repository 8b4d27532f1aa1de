"""Fixtures for the simulator tests: the OAI-PMH response schema and the office path files.

Whole responses are validated against the official OAI-PMH.xsd from ``../shared/oai-pmh``.
Its wildcards are strict, so every namespace inside ``<metadata>`` and ``<description>`` needs
a schema: a wrapper imports OAI-PMH, oai_dc, oai-identifier and a permissive local ST.66
schema (``tests/data/simulator/st66-permissive.xsd``; WIPO publishes no ST.66 XSD we may
use here, and the element paths are checked separately against the office files).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "simulator"
SHARED = HERE.parent.parent.parent / "shared"
OFFICE_FORMATS = SHARED / "office-formats"


def _imports(oai: Path) -> tuple[tuple[str, Path], ...]:
    return (
        ("http://www.openarchives.org/OAI/2.0/", oai / "OAI-PMH.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", oai / "oai_dc.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai-identifier", oai / "oai-identifier.xsd"),
        ("http://www.wipo.int/standards/XMLSchema/trademarks", DATA / "st66-permissive.xsd"),
    )


@pytest.fixture(scope="session")
def oai_schema(tmp_path_factory: pytest.TempPathFactory, oai_xsd_dir: Path) -> etree.XMLSchema:
    xs = "http://www.w3.org/2001/XMLSchema"
    wrapper = etree.Element(f"{{{xs}}}schema", nsmap={"xs": xs})
    for namespace, location in _imports(oai_xsd_dir):
        etree.SubElement(
            wrapper, f"{{{xs}}}import", namespace=namespace, schemaLocation=location.as_uri()
        )
    path = tmp_path_factory.mktemp("xsd") / "wrapper.xsd"
    path.write_bytes(etree.tostring(wrapper))
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(scope="session")
def assert_valid(oai_schema: etree.XMLSchema) -> Callable[[bytes], etree._Element]:
    """Parse an OAI-PMH response, fail with the schema's messages unless it is valid."""

    def check(body: bytes) -> etree._Element:
        root = etree.fromstring(body)
        if not oai_schema.validate(root):
            messages = "\n".join(str(e) for e in oai_schema.error_log[:10])
            pytest.fail(f"response is not valid OAI-PMH:\n{messages}\n{body[:2000]!r}")
        return root

    return check


@pytest.fixture(scope="session")
def office_paths() -> Callable[[str, str], set[str]]:
    """`paths(ip_type, code)`: every path of ``office-formats/<ip_type>/<code>.paths``."""
    return _office_paths


def _office_paths(ip_type: str, code: str) -> set[str]:
    """Every element path in the file as ``a/b/c`` or ``a/b/c[@attr=value]``."""
    path = OFFICE_FORMATS / ip_type / f"{code}.paths"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    result: set[str] = set()
    stack: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip("_"))) // 2
        name = line.lstrip("_").lstrip("/")
        del stack[depth:]
        result.add("/".join([*stack, name]))
        stack.append(name.split("[", 1)[0])
    return result


def element_path(el: etree._Element) -> str:
    """An element's path from the root in local names (``Trademark/MarkBag/...``)."""
    return "/".join(etree.QName(a).localname for a in [*reversed(list(el.iterancestors())), el])


def check_seeded_bytes(gen: Any, office: str, records: int) -> None:
    """Same inputs give the same bytes; another seed gives other bytes."""
    first = [gen.record(office, 7, i) for i in range(records)]
    assert first == [gen.record(office, 7, i) for i in range(records)]
    assert first != [gen.record(office, 8, i) for i in range(records)]


def check_bytes_in_fresh_process(gen: Any, make_g: str, office: str) -> None:
    """No hash() or clock leaks into records: a fresh interpreter makes the same bytes
    (``make_g``: Python code binding ``g`` to the same generator there)."""
    code = (
        f"import hashlib; {make_g}; h=hashlib.sha256();"
        f"[h.update(g.record({office!r}, 3, i)) for i in range(40)]; print(h.hexdigest())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    digest = hashlib.sha256()
    for i in range(40):
        digest.update(gen.record(office, 3, i))
    assert out.stdout.strip() == digest.hexdigest()
