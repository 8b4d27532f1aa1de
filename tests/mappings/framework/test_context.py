"""The one mapping context: findings, vocabulary misses, placeholders, languages."""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext, VocabularyFile
from mappings.sgtm.words import WORDS
from mappings.st66 import TABLE
from mappings.vocabulary import OfficeVocabulary, load_vocabulary


def context(**kwargs) -> MappingContext:
    return MappingContext(table=TABLE, office="KH", vocab=load_vocabulary("KH"), **kwargs)


def test_report_is_relative_to_the_root_path_when_one_is_set() -> None:
    absolute, relative = context(), context(root_path="/dgn:Design")
    absolute.report("X-RULE", "info", "/tmk:Trademark/com:A", "m")
    relative.report("X-RULE", "info", "com:A", "m", generated=True)
    relative.report("X-RULE", "info", "", "m")
    assert absolute.findings[0].path == "/tmk:Trademark/com:A"
    assert [f.path for f in relative.findings] == ["/dgn:Design/com:A", "/dgn:Design"]
    assert relative.findings[0].generated


def test_a_vocabulary_miss_names_the_file_to_fill() -> None:
    office, sgtm = context(), context(words=WORDS)
    office.unknown("status", "Odd", "/p", "kept")
    sgtm.unknown("status", "Odd", "/p", "kept")
    assert "mappings/vocabularies/KH.toml" in office.findings[0].suggestion
    assert "SG.sgtm.toml" in sgtm.findings[0].suggestion
    assert "IPOS export vocabulary" in sgtm.findings[0].message
    assert VocabularyFile.of_office("").file == "mappings/vocabularies/default.toml"


def test_a_placeholder_read_is_reported_with_the_office_field() -> None:
    ctx = context()
    root = etree.fromstring("<TradeMark><MarkDisclaimerDetails><MarkDisclaimer>-</MarkDisclaimer>"
                            "</MarkDisclaimerDetails></TradeMark>")  # fmt: skip
    assert ctx.text(root, "MarkDisclaimerDetails/MarkDisclaimer", "/tmk:X") is None
    [finding] = ctx.findings
    assert finding.rule_id == "SRC-PLACEHOLDER" and finding.path == "/tmk:X"
    assert "/TradeMark/MarkDisclaimerDetails/MarkDisclaimer" in finding.message


def test_languages_through_the_office_tags() -> None:
    ctx = context(language="km")
    assert ctx.iso_language("LA") == "lo"  # IPAS's Lao, not Latin
    titles = [etree.fromstring('<T languageCode="kh">ក</T>'), etree.fromstring("<T>Chair</T>")]
    assert ctx.tagged(titles)[1] == (None, "Chair")  # plain Latin text is not Khmer


def test_a_required_field_reports_its_absence_after_the_reading_findings() -> None:
    ctx = context()
    root = etree.fromstring("<M><A>kept</A><B/></M>")
    args = ("/tmk:X", "X-MISSING", "m", "s")
    assert ctx.required(root, "A", *args) == "kept" and ctx.findings == []
    assert ctx.required(root, "C", *args, severity="warning") is None
    assert ctx.required(root, "B", *args) is None  # present but empty: reported, then missing
    assert [(f.rule_id, f.severity, f.path) for f in ctx.findings] == [
        ("X-MISSING", "warning", "/tmk:X"),
        ("SRC-EMPTY-ELEMENT", "warning", "/tmk:X"),
        ("X-MISSING", "error", "/tmk:X"),
    ]
    assert (ctx.findings[0].message, ctx.findings[0].suggestion) == ("m", "s")


def test_a_lookup_reports_only_words_the_vocabulary_lacks() -> None:
    tables = {"status": {"expired": "", "registered": "Registered"}}
    ctx = MappingContext(table=TABLE, office="KH", vocab=OfficeVocabulary("KH", tables=tables))
    assert ctx.lookup("status", "Registered", "/tmk:S", "kept") == "Registered"
    assert ctx.lookup("status", "Expired", "/tmk:S", "kept") == ""  # known, no ST.96 value
    assert ctx.findings == []
    assert ctx.lookup("status", "Lapsed", "/tmk:S", "it is kept") is None
    [finding] = ctx.findings
    assert finding.rule_id == "VOCAB-UNKNOWN-VALUE" and finding.path == "/tmk:S"
    assert "'Lapsed'" in finding.message and finding.message.endswith("; it is kept.")
