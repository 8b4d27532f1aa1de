"""``iphub seed`` and its ST.96 templates."""

from __future__ import annotations

import random

import pytest
from lxml import etree
from sqlalchemy import func, select

from simulator.demo import seed
from simulator.demo.cli import seed_command
from store.models import Office, PublishedRecord
from xsd import validator


@pytest.mark.parametrize("ip_type", ["trademarks", "patents", "designs"])
def test_templates_render_valid_st96(st96_dir, ip_type):
    rng = random.Random(7)
    for serial in range(20):
        st96, dc, _number = seed.render(ip_type, "KH", serial, rng)
        status, errors = validator.validate(etree.fromstring(st96), ip_type)
        assert status == "valid", errors
        assert 1500 < len(st96) < 6000
        etree.fromstring(dc)


def test_fixture_files_are_valid_st96(st96_dir):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "st96-published"
    for path in sorted(folder.glob("*-?-*.xml")):
        if path.name.endswith(".dc.xml"):
            continue
        root = etree.parse(str(path)).getroot()
        ip_type = {"M": "trademarks", "P": "patents", "D": "designs"}[path.name.split("-")[1]]
        assert validator.validate(root, ip_type)[0] == "valid", path.name


def test_seed_command(runner, db):
    result = runner.invoke(
        seed_command, ["--records", "120", "--offices", "KH,TH", "--batch", "50"]
    )
    assert result.exit_code == 0, result.output
    assert "120 records" in result.output
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(PublishedRecord)).scalar() == 120
        assert set(session.execute(select(Office.code)).scalars()) == {"KH", "TH"}
        types = set(session.execute(select(PublishedRecord.ip_type).distinct()).scalars())
        assert types == {"trademarks", "patents", "designs"}
    again = runner.invoke(seed_command, ["--records", "10", "--offices", "KH"])
    assert again.exit_code == 0, again.output  # identifiers stay unique on a second run


def test_seed_rejects_no_office(runner):
    result = runner.invoke(seed_command, ["--records", "5", "--offices", ","])
    assert result.exit_code != 0
