"""The IPOS (Singapore) trademark generator: deterministic, SG's own paths, real defects."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree
from werkzeug.test import Client

from simulator import sgtrademarks
from simulator.generators import GENERATORS, generator
from simulator.server import SimulatedOffice

from .conftest import check_bytes_in_fresh_process, check_seeded_bytes, element_path

GEN = sgtrademarks.SGTrademarkGenerator()
OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def element_paths(record: bytes) -> set[str]:
    """Paths in the notation of the office-format files (``a/b[@space=preserve]``)."""
    root = etree.fromstring(record)
    found = set()
    for el in root.iter():
        path = element_path(el)
        found.add(path)
        for name, value in el.attrib.items():
            found.add(f"{path}[@{etree.QName(name).localname}={value}]")
    return found


def test_bytes_are_deterministic():
    """Same inputs, same bytes, in this process and a fresh one; another seed, other bytes."""
    check_seeded_bytes(GEN, "SG", 60)
    check_bytes_in_fresh_process(
        GEN, "from simulator.sgtrademarks import SGTrademarkGenerator as G; g=G()", "SG"
    )


def test_records_use_exactly_the_sg_paths(office_paths):
    expected = office_paths("trademarks", "SG")
    seen: set[str] = set()
    for i in range(2000):
        seen |= element_paths(GEN.record("SG", 11, i))
    assert seen - expected == set(), "paths IPOS never exports"
    assert expected - seen == set(), "paths of IPOS never generated"


def test_defect_rates_are_realistic_and_visible_in_the_xml():
    counts: Counter[str] = Counter()
    trademarks = 0
    for i in range(2000):
        planted = GEN.defects("SG", 5, i)
        root = etree.fromstring(GEN.record("SG", 5, i))
        if root.tag != "Trademark":
            assert not planted
            continue
        trademarks += 1
        counts.update(planted)
        assert (root.find("application_type") is None) == ("no_application_type" in planted)
        status = root.findtext("mark_status")
        assert (status in sgtrademarks.UNKNOWN_STATUSES) == ("unknown_status" in planted)
        agent = root.find("agent_afs_details/agent_details")
        if "agent_without_type" in planted:
            assert agent is not None and agent.find("type") is None
        elif agent is not None:
            assert agent.findtext("type")
        app, reg = root.findtext("application_date"), root.findtext("registration_completion_date")
        assert (reg is not None and reg < app) == ("registration_before_application" in planted)
        empty = [el for el in root.iter() if len(el) == 0 and not (el.text or "").strip()]
        empty = [el for el in empty if el.tag != "DocumentElement"]
        assert bool(empty) == ("empty_element" in planted), i
    for defect in sgtrademarks.DEFECT_RATES:
        share = counts[defect] / trademarks
        assert 0.03 <= share <= 0.10, (defect, share)


def test_content_is_multilingual_and_numbers_follow_ipos():
    roots = [etree.fromstring(GEN.record("SG", 2, i)) for i in range(400)]
    words = " ".join(r.findtext(".//words_in_mark") or "" for r in roots)
    assert re.search("[\u4e00-\u9fff]", words)  # Chinese
    assert re.search("[\u0b80-\u0bff]", words)  # Tamil
    assert "KOPI SEDAP" in words or "RASA SAYANG" in words or "BUNGA RAYA" in words  # Malay
    numbers = [r.findtext("tm_no") for r in roots if r.tag == "Trademark"]
    assert all(re.fullmatch(r"40\d{4}\d{5}[A-Z]", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_source_ids_invert():
    for i in (0, 1, 17, 999, 54_321):
        sid = GEN.source_id("SG", 4, i)
        assert re.fullmatch(r"[A-Z0-9]+", sid)
        assert GEN.index_of("SG", 4, sid) == i
    assert GEN.index_of("SG", 4, "NOPE123") is None


def test_changes_and_repairs():
    changed = etree.fromstring(GEN.record("SG", 1, 3, {"mark_status": "Refused"}))
    if changed.tag == "Trademark":
        assert changed.findtext("mark_status") == "Refused"
    with pytest.raises(ValueError, match="cannot change"):
        GEN.check_changes({"colour_of_sky": "blue"})
    for i in range(300):
        planted = GEN.defects("SG", 9, i)
        if planted & {"no_application_type", "unknown_status"}:
            fixed = etree.fromstring(GEN.record("SG", 9, i, GEN.repairs("SG", 9, i)))
            assert fixed.findtext("application_type")
            assert fixed.findtext("mark_status") not in sgtrademarks.UNKNOWN_STATUSES


def test_registry_serves_sg_format_for_sg_only():
    assert isinstance(generator("trademarks", "SG"), sgtrademarks.SGTrademarkGenerator)
    assert generator("trademarks", "KH") is GENERATORS["trademarks"]
    assert GENERATORS["trademarks"].metadata_prefix == "st66"  # SG's ST.66 form stays available


def test_simulated_sg_office_serves_sg_tm():
    office = SimulatedOffice("SG", records=40, seed=3, ip_types=("trademarks",))
    client = Client(office)

    def get(**args: str) -> etree._Element:
        return etree.fromstring(client.get("/oai", query_string=args).data)

    formats = get(verb="ListMetadataFormats").xpath("//oai:metadataPrefix/text()", namespaces=OAI)
    assert set(formats) == {"sg-tm", "oai_dc"}
    listing = get(verb="ListRecords", metadataPrefix="sg-tm")
    payloads = listing.xpath("//oai:record/oai:metadata/*", namespaces=OAI)
    assert payloads and {p.tag for p in payloads} <= {"Trademark", "Article6ter", "R13"}
    identifier = office.identifier(5)
    record = get(verb="GetRecord", identifier=identifier, metadataPrefix="sg-tm")
    assert record.xpath("//oai:metadata/*", namespaces=OAI)[0].tag in ("Trademark", "Article6ter",
                                                                        "R13")  # fmt: skip
