"""The simulated office's OAI-PMH endpoint: every verb, every error, schema-valid, harvestable."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from sickle import Sickle
from werkzeug.test import Client

from simulator.server import SimulatedOffice
from simulator.serving import running

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


class Clock:
    """A settable clock, so that mutation datestamps are known exactly."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def office() -> SimulatedOffice:
    return SimulatedOffice("KH", records=250, seed=3, page_size=40, clock=Clock(1_767_225_600))


@pytest.fixture
def get(office, assert_valid):
    client = Client(office)

    def request(**args: str) -> etree._Element:
        response = client.get("/oai", query_string=args)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/xml")
        return assert_valid(response.data)

    return request


def error_code(root: etree._Element) -> str | None:
    return root.xpath("string(oai:error/@code)", namespaces=OAI) or None


def test_identify(get):
    root = get(verb="Identify")
    assert root.findtext("oai:Identify/oai:granularity", namespaces=OAI) == "YYYY-MM-DDThh:mm:ssZ"
    assert root.findtext("oai:Identify/oai:deletedRecord", namespaces=OAI) == "persistent"
    assert root.findtext("oai:Identify/oai:earliestDatestamp", namespaces=OAI)


def test_list_metadata_formats_and_sets(get, office):
    prefixes = get(verb="ListMetadataFormats").xpath("//oai:metadataPrefix/text()", namespaces=OAI)
    assert prefixes == ["st66", "oai_dc"]
    one = get(verb="ListMetadataFormats", identifier=office.identifier(4))
    assert one.xpath("//oai:metadataPrefix/text()", namespaces=OAI) == ["st66", "oai_dc"]
    specs = get(verb="ListSets").xpath("//oai:setSpec/text()", namespaces=OAI)
    assert specs == ["KH", "KH:trademarks"]


def test_get_record_in_both_formats(get, office):
    ident = office.identifier(12)
    assert re.fullmatch(r"oai:ipas\.kh:TM/KH49\d{4}000013", ident)
    root = get(verb="GetRecord", identifier=ident, metadataPrefix="st66")
    assert root.xpath("//oai:header/oai:identifier/text()", namespaces=OAI) == [ident]
    payload = root.find(".//oai:metadata/*", OAI)
    assert payload.tag == "{http://www.wipo.int/standards/XMLSchema/trademarks}Transaction"
    assert etree.tostring(payload).startswith(b"<Transaction")
    dc = get(verb="GetRecord", identifier=ident, metadataPrefix="oai_dc")
    assert (
        dc.find(".//oai:metadata/*", OAI).tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "st66", "colour": "red"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "st66", "from": "2020-13-45"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "st66", "from": "2020-01-01",
          "until": "2021-01-01T00:00:00Z"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "st66", "from": "2021-01-01",
          "until": "2020-01-01"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "st66"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "st36",
          "identifier": "oai:ipas.kh:TM/KH492011000001"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "st66",
          "identifier": "oai:ipas.kh:TM/KH492011999999"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere:1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "st66", "set": "TH"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "st66", "until": "2015-01-01"},
         "noRecordsMatch"),
    ],
)  # fmt: skip
def test_errors(get, args, code):
    root = get(**args)
    assert error_code(root) == code
    request = root.find("oai:request", OAI)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}


def test_repeated_argument_is_bad(office, assert_valid):
    client = Client(office)
    body = client.get("/oai?verb=ListRecords&metadataPrefix=st66&metadataPrefix=st66").data
    assert error_code(assert_valid(body)) == "badArgument"
    post = client.post("/oai", data={"verb": "Identify"})
    assert assert_valid(post.data).find("oai:Identify", OAI) is not None


def _walk(get, verb: str, **args: str) -> list[etree._Element]:
    pages = [get(verb=verb, **args)]
    while True:
        token = pages[-1].find(f"oai:{verb}/oai:resumptionToken", OAI)
        if token is None or not token.text:
            return pages
        pages.append(get(verb=verb, resumptionToken=token.text))


def test_paging_with_complete_list_size_and_cursor(get):
    pages = _walk(get, "ListIdentifiers", metadataPrefix="st66")
    tokens = [p.find("oai:ListIdentifiers/oai:resumptionToken", OAI) for p in pages]
    assert [int(t.get("cursor")) for t in tokens] == [0, 40, 80, 120, 160, 200, 240]
    assert {t.get("completeListSize") for t in tokens} == {"250"}
    assert tokens[-1].text is None  # the last page has an empty token
    headers = [h for p in pages for h in p.iterfind(".//oai:header", OAI)]
    stamps = [h.findtext("oai:datestamp", namespaces=OAI) for h in headers]
    assert len(headers) == 250 and stamps == sorted(stamps)
    assert any(h.get("status") == "deleted" for h in headers)


def test_from_until_and_set_filter(get):
    everything = [h for p in _walk(get, "ListIdentifiers", metadataPrefix="st66")
                  for h in p.iterfind(".//oai:header", OAI)]  # fmt: skip
    stamps = [h.findtext("oai:datestamp", namespaces=OAI) for h in everything]
    lo, hi = stamps[50], stamps[120]
    pages = _walk(get, "ListIdentifiers", metadataPrefix="st66", set="KH:trademarks",
                  **{"from": lo, "until": hi})  # fmt: skip
    got = [h.findtext("oai:datestamp", namespaces=OAI) for p in pages
           for h in p.iterfind(".//oai:header", OAI)]  # fmt: skip
    assert got == [s for s in stamps if lo <= s <= hi]
    first = pages[0].find(".//oai:resumptionToken", OAI)
    assert first.get("completeListSize") == str(len(got))
    day = get(verb="ListIdentifiers", metadataPrefix="st66", **{"from": lo[:10], "until": lo[:10]})
    assert lo in day.xpath("//oai:datestamp/text()", namespaces=OAI)


def test_day_granularity(assert_valid):
    office = SimulatedOffice("TH", records=30, seed=1, granularity="YYYY-MM-DD")
    client = Client(office)
    root = assert_valid(client.get("/oai?verb=ListIdentifiers&metadataPrefix=st66").data)
    assert all(len(d) == 10 for d in root.xpath("//oai:datestamp/text()", namespaces=OAI))
    bad = client.get("/oai?verb=ListIdentifiers&metadataPrefix=st66&from=2020-01-01T00:00:00Z")
    assert error_code(assert_valid(bad.data)) == "badArgument"


def test_full_harvest_with_sickle_gets_every_record_once():
    office = SimulatedOffice("VN", records=1234, seed=9, page_size=100)
    with running(office) as url:
        records = list(Sickle(url).ListRecords(metadataPrefix="st66", ignore_deleted=False))
    identifiers = [r.header.identifier for r in records]
    assert len(identifiers) == 1234
    assert set(identifiers) == {office.identifier(i) for i in range(1234)}
    live = [r for r in records if not r.header.deleted]
    assert 0 < 1234 - len(live) < 40  # about 1 % deleted
    assert all(r.xml.find(".//{*}metadata/{*}Transaction") is not None for r in live)


def test_mutations_show_up_in_an_incremental_harvest(office):
    clock = office.clock
    with running(office) as url:
        sickle = Sickle(url)
        before = {r.header.identifier: r for r in sickle.ListRecords(metadataPrefix="st66")}
        last = max(r.header.datestamp for r in before.values())
        clock.now += 3600
        fixed = office.update(5, kind_mark="Collective", status="Registered")
        renamed = office.update(office.identifier(6), word_mark="MEKONG GOLD")
        gone = office.delete(7)
        new = office.add(2)
        assert office.identifier(250) == new[0]
        changed = list(sickle.ListRecords(metadataPrefix="st66", ignore_deleted=False,
                                          **{"from": last}))  # fmt: skip
    by_id = {r.header.identifier: r for r in changed}
    assert set(by_id) >= {fixed, renamed, gone, *new}
    assert set(by_id) - {fixed, renamed, gone, *new} <= {
        i for i in before if before[i].header.datestamp == last
    }
    stamp = "2026-01-01T01:00:00Z"
    assert {by_id[i].header.datestamp for i in (fixed, renamed, gone, *new)} == {stamp}
    assert by_id[gone].header.deleted
    assert "<KindMark>Collective</KindMark>" in by_id[fixed].raw
    assert ">MEKONG GOLD</wo:MarkVerbalElementText>" in by_id[renamed].raw  # IPAS namespace
    assert by_id[fixed].raw != before[fixed].raw


def test_repair_removes_defects(office):
    defective = next(i for i in range(250) if office.stores["trademarks"].generator.defects(
        "KH", 3, i) & {"no_kind_mark", "unknown_status"})  # fmt: skip
    office.repair(defective)
    payload = office.stores["trademarks"].payload(defective)
    assert b"<KindMark>" in payload


def test_unknown_office_and_bad_settings():
    with pytest.raises(ValueError, match="unknown office"):
        SimulatedOffice("XX")
    with pytest.raises(ValueError, match="IP type"):
        SimulatedOffice("KH", ip_types=("copyrights",))
    with pytest.raises(ValueError, match="fault rate"):
        SimulatedOffice("KH", faults=0.5)
