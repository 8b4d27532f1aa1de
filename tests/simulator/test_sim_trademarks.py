"""The ST.66 trademark generator: deterministic, the offices' own element paths, real defects."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import etree

from simulator import trademark_plan, trademark_xml, trademarks, vocab
from simulator.generators import GENERATORS
from simulator.offices import OFFICES

from .conftest import check_bytes_in_fresh_process, check_seeded_bytes, element_path

GEN = GENERATORS["trademarks"]
NS = {"tm": trademarks.NS, "wo": trademarks.WO_NS}
PATH_FILE_OF = {code: code for code in OFFICES} | {"MM": "KH", "SG": "KH"}
"""MM publishes no export (it gets the common IPAS set); SG is served as IPAS ST.66 for now."""


def element_paths(record: bytes) -> set[str]:
    root = etree.fromstring(record)
    found = set()
    for el in root.iter():
        path = element_path(el)
        lang = el.get("languageCode")
        found.add(f"{path}[@languageCode={lang}]" if lang else path)
    return found


def test_bytes_are_deterministic():
    """Same inputs, same bytes, in this process and a fresh one; another seed, other bytes."""
    check_seeded_bytes(GEN, "KH", 50)
    check_bytes_in_fresh_process(
        GEN, "from simulator.generators import GENERATORS as G; g=G['trademarks']", "TH"
    )


@pytest.mark.parametrize("code", sorted(OFFICES))
def test_records_use_exactly_the_offices_paths(code, office_paths):
    expected = office_paths("trademarks", PATH_FILE_OF[code])
    seen: set[str] = set()
    for i in range(400):
        seen |= element_paths(GEN.record(code, 11, i))
    assert seen - expected == set(), "paths the office never exports"
    assert expected - seen == set(), "paths of the office never generated"


@pytest.mark.parametrize("code", ["KH", "TH", "PH", "VN"])
def test_defect_rates_are_realistic_and_visible_in_the_xml(code):
    n = 2000
    counts: Counter[str] = Counter()
    for i in range(n):
        tm = trademark_plan.plan(code, 5, i)
        counts.update(tm.defects)
        root = etree.fromstring(trademark_xml.render(tm))
        mark = root.find(".//tm:TradeMark", NS)
        status = mark.findtext("wo:MarkCurrentStatusCode", namespaces=NS)
        assert (status in trademarks.UNKNOWN_STATUSES) == ("unknown_status" in tm.defects)
        known = [trademark_xml.status_word(code, s) for s in trademarks.KNOWN_STATUSES]
        assert status in (*known, *trademarks.UNKNOWN_STATUSES)
        if OFFICES[code].kind_mark:
            has_kind = mark.find("tm:KindMark", NS) is not None
            assert has_kind != ("no_kind_mark" in tm.defects)
        app = mark.findtext("tm:ApplicationDate", namespaces=NS)
        reg = mark.findtext("tm:RegistrationDate", namespaces=NS)
        assert (reg is not None and reg < app) == ("registration_before_application" in tm.defects)
        empty = [
            el
            for el in mark.iter()
            if len(el) == 0
            and not (el.text or "").strip()
            and etree.QName(el).localname != "MarkImage"
        ]  # an empty MarkImage is IPAS's word mark, not a defect
        assert bool(empty) == ("empty_element" in tm.defects)
        first = mark.findtext(".//tm:Applicant//tm:FreeFormatNameLine", namespaces=NS)
        if "applicant_kind_unknown" in tm.defects:
            markers = OFFICES[code].language.legal_markers
            assert not any(m in first for m in markers), first
    for defect, rate in trademarks.DEFECT_RATES.items():
        if defect == "no_kind_mark" and not OFFICES[code].kind_mark:
            assert counts[defect] == 0
            continue
        share = counts[defect] / n
        assert 0.02 <= share <= 0.10, (defect, share)
        assert abs(share - rate) < 0.02, (defect, share)


@pytest.mark.parametrize("code", sorted(OFFICES))
def test_records_look_like_office_data(code):
    records = [trademark_plan.plan(code, 2, i) for i in range(300)]
    sizes = [len(trademark_xml.render(tm)) for tm in records]
    assert 3000 <= sum(sizes) / len(sizes) <= 6500
    assert len({tm.application_number for tm in records}) == 300
    classes = {g.number for tm in records for g in tm.goods}
    assert len(classes) > 30 and classes <= set(range(1, 46))
    assert max(len(tm.applicants) for tm in records) >= 3
    assert any(tm.priorities for tm in records)
    assert any(tm.image and tm.image.vienna for tm in records)
    lang = OFFICES[code].language
    if lang.code != "en":  # local script or language beside English variants
        local = {g.description for tm in records for g in tm.goods} - {
            g.description_en for tm in records for g in tm.goods
        }
        assert local


@pytest.mark.parametrize(
    ("code", "pattern"),
    [("KH", r"KH/49/\d{4}/\d{6}"), ("ID", r"DID\d{4}\d{6}"), ("TH", r"\d{9}"),
     ("VN", r"4-\d{4}-\d{5}"), ("PH", r"4/\d{4}/\d{8}"), ("MY", r"TM\d{10}"),
     ("SG", r"40\d{4}\d{5}[A-Z]")],
)  # fmt: skip
def test_application_numbers_follow_office_formats(code, pattern):
    import re

    for i in (0, 1, 999, 54_321):
        number = trademark_plan.plan(code, 1, i).application_number
        assert re.fullmatch(pattern, number), number


@pytest.mark.parametrize("code", sorted(OFFICES))
def test_source_ids_invert(code):
    for i in (0, 1, 17, 99_999, 123_456):
        sid = GEN.source_id(code, 4, i)
        assert GEN.index_of(code, 4, sid) == i
    assert GEN.index_of(code, 4, "NOPE123") is None
    assert GEN.index_of(code, 5, GEN.source_id(code, 4, 17)) in (None, 17)


def test_changes_apply_and_unknown_fields_are_refused():
    base = trademark_plan.plan("KH", 1, 3)
    changed = etree.fromstring(GEN.record("KH", 1, 3, {"kind_mark": "Collective",
                                                       "word_mark": "NEW MARK"}))  # fmt: skip
    assert changed.findtext(".//tm:KindMark", namespaces=NS) == "Collective"
    if base.word_mark is not None:
        assert changed.findtext(".//wo:MarkVerbalElementText", namespaces=NS) == "NEW MARK"
    with pytest.raises(ValueError, match="cannot change"):
        GEN.record("KH", 1, 3, {"colour_of_sky": "blue"})


def test_repairs_remove_every_defect():
    for i in range(400):
        tm = trademark_plan.plan("TH", 9, i)
        if not tm.defects - {"empty_element"}:
            continue
        fixed = trademark_plan.apply_changes(tm, trademark_plan.repairs(tm))
        mark = etree.fromstring(trademark_xml.render(fixed)).find(".//tm:TradeMark", NS)
        assert mark.findtext("tm:KindMark", namespaces=NS)
        assert mark.findtext("wo:MarkCurrentStatusCode", namespaces=NS) in [
            trademark_xml.status_word("TH", s) for s in trademarks.KNOWN_STATUSES
        ]
        assert mark.findtext(".//tm:ExpiryDate", namespaces=NS) != "1900-01-01"
        reg = mark.findtext("tm:RegistrationDate", namespaces=NS)
        assert reg is None or reg >= mark.findtext("tm:ApplicationDate", namespaces=NS)


def test_vocabulary_goods_are_aligned_with_english():
    for lang in (vocab.TH, vocab.KM, vocab.LO, vocab.VI, vocab.ID, vocab.MS, vocab.MY):
        for number, terms in lang.goods.items():
            assert len(terms) <= len(vocab.EN_GOODS[number]), (lang.code, number)
        assert set(lang.events) == {key for key, _, _ in vocab.EVENTS}
        assert len(lang.colours) == len(vocab.EN_COLOURS)


def _records(code: str, n: int = 400):
    for i in range(n):
        tm = trademark_plan.plan(code, 13, i)
        yield tm, etree.fromstring(trademark_xml.render(tm)).find(".//tm:TradeMark", NS)


@pytest.mark.parametrize("code", sorted(OFFICES))
def test_ipas_extension_namespace_and_words(code):
    """The word mark, status and events in IPAS's wo: namespace, with IPAS's words."""
    event_words = {word for _, word, _ in vocab.EVENTS}
    seen_words: set[str] = set()
    for tm, mark in _records(code, 200):
        assert mark.find("tm:MarkCurrentStatusCode", NS) is None
        assert mark.find("wo:MarkCurrentStatusCode", NS) is not None
        assert mark.find("tm:MarkEventDetails", NS) is None
        events = mark.findall("wo:MarkEventDetails/wo:MarkEvent", NS)
        assert len(events) == len(tm.events)
        seen_words |= {e.findtext("wo:MarkEventCode", namespaces=NS) for e in events}
        word = mark.find("wo:WordMarkSpecification", NS)
        assert (word is not None) == (tm.word_mark is not None)
        if word is not None:
            assert word.find("wo:MarkVerbalElementText", NS) is not None
        images = mark.findall("tm:MarkImageDetails/tm:MarkImage", NS)
        assert len(images) == 1
        assert (len(images[0]) == 0) == (tm.image is None)  # IPAS's empty MarkImage
    assert seen_words <= event_words and {"Filed", "Registered", "Published"} <= seen_words


@pytest.mark.parametrize(
    ("code", "local"),
    [("KH", True), ("LA", True), ("TH", True), ("VN", True), ("ID", False), ("PH", False)],
)
def test_status_words_in_the_offices_language(code, local):
    words = {mark.findtext("wo:MarkCurrentStatusCode", namespaces=NS) for _, mark in _records(code)}
    english = set(trademarks.KNOWN_STATUSES)
    assert bool(words - english - set(trademarks.UNKNOWN_STATUSES)) == local


def test_ipas_language_tags():
    assert {
        m.findtext("tm:ApplicationLanguageCode", namespaces=NS) for _, m in _records("LA", 5)
    } == {"la"}
    assert {
        m.findtext("tm:ApplicationLanguageCode", namespaces=NS) for _, m in _records("KH", 5)
    } == {"kh"}
    assert {
        m.findtext("tm:ApplicationLanguageCode", namespaces=NS) for _, m in _records("TH", 5)
    } == {"th"}


@pytest.mark.parametrize("code", ["KH", "ID", "PH", "VN"])
def test_transaction_codes_name_route_and_kind(code):
    routes = set()
    for tm, mark in _records(code):
        content = mark.getparent().getparent().getparent().getparent()
        pair = (content.findtext("tm:TransactionCode", namespaces=NS),
                content.findtext("tm:TransactionSubCode", namespaces=NS))  # fmt: skip
        routes.add(pair[0])
        if pair[0] == "Madrid Designated":
            assert pair == trademarks.MADRID
            assert mark.findtext("tm:RegistrationNumber", namespaces=NS).isdigit()  # the IR number
        else:
            assert pair[0] == "National"
            assert pair[1] == trademarks.SUB_CODES.get(tm.kind_mark or "", "Trade Mark")
    assert routes == {"National", "Madrid Designated"}


def test_placeholders_where_ipas_has_no_data():
    """Each placeholder kind occurs, only where the field has no value, and repairs remove them."""
    seen: set[str] = set()
    for tm, mark in _records("KH", 600):
        seen |= tm.placeholders
        text = etree.tostring(mark, encoding="unicode")
        assert ("1900-01-01" in text) == ("expiry" in tm.placeholders)
        assert (">N/A<" in text) == ("registration_number" in tm.placeholders)
        if "disclaimer" in tm.placeholders:
            assert mark.findtext("tm:MarkDisclaimerDetails/tm:MarkDisclaimer", namespaces=NS) == "-"
        if "country" in tm.placeholders:
            assert (
                mark.findtext(".//tm:Representative//tm:AddressCountryCode", namespaces=NS) == "-"
            )
        fixed = trademark_plan.apply_changes(tm, trademark_plan.repairs(tm))
        assert not fixed.placeholders
    assert seen == set(trademarks.PLACEHOLDERS)
