"""The feedback document is written as text (see store/feedback.py): these properties
stand in for the per-record schema check it no longer pays at harvest time."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mappings.rules import REGISTRY
from mappings.rules.guidance import guidance_for
from store import feedback
from store.rows import FindingRow

FB = "{urn:iphub:feedback:1}"

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
#: any text an office can send, control characters and markup included (no lone surrogates:
#: they cannot reach the database as UTF-8)
office_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
#: real rules (their findings carry fb:Guidance) and mappers' own ids (theirs do not)
rule_ids = st.sampled_from(sorted(REGISTRY)) | st.from_regex(
    r"[A-Z0-9]{1,6}(-[A-Z0-9]{1,6}){0,3}", fullmatch=True
)
rows = st.builds(
    FindingRow,
    rule_id=rule_ids,
    path=office_text,
    severity=st.sampled_from(["critical", "error", "warning", "info"]),
    message=office_text,
    suggestion=office_text,
    generated=st.booleans(),
    source_field=st.none() | office_text,
    office_code=st.just("KH"),
    ip_type=st.just("trademarks"),
    state=st.sampled_from(["open", "accepted", "resolved"]),
    first_seen_at=moments,
    last_seen_at=moments,
    resolved_at=st.none() | moments,
    accepted_at=st.none() | moments,
)


class Record:
    office_code = "KH"
    ip_type = "trademarks"

    def __init__(self, identifier: str) -> None:
        self.oai_identifier = identifier


def _visible(value: str) -> str:
    """What survives in the document: control characters XML refuses become U+FFFD (a
    carriage return is written as ``&#13;``, so line ends come back as they were sent)."""
    return feedback._text(value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rows, max_size=6),
    office_text.map(lambda s: "oai:iphub.local:KH/trademarks/" + s),
    moments,
    st.none() | st.integers(1, 10**9),
)
def test_every_document_is_valid_and_says_what_the_rows_say(findings, identifier, now, run_id):
    document = etree.fromstring(feedback.render(Record(identifier), findings, now, run_id))

    assert feedback.schema().validate(document), feedback.schema().error_log
    assert document.findtext(f"{FB}RecordIdentifier") == _visible(identifier)
    assert document.findtext(f"{FB}HarvestRun") == (str(run_id) if run_id else None)
    ordered = sorted(findings, key=feedback.sort_key)
    rendered = document.findall(f"{FB}Finding")
    assert [f.get("ruleId") for f in rendered] == [r.rule_id for r in ordered]
    for element, row in zip(rendered, ordered, strict=True):
        assert element.findtext(f"{FB}Path") == _visible(row.path)
        assert element.findtext(f"{FB}Message") == (_visible(row.message) or row.rule_id)
        assert element.findtext(f"{FB}Suggestion") == (_visible(row.suggestion) or None)
        assert element.findtext(f"{FB}SourceField") == (_visible(row.source_field or "") or None)
        guidance = guidance_for(row.rule_id)
        assert element.findtext(f"{FB}Guidance/{FB}Fix") == (guidance.fix if guidance else None)
        assert element.get("resolvedAt") == (
            feedback.utc(row.resolved_at) if row.state == "resolved" and row.resolved_at else None
        )
    summary = document.find(f"{FB}Summary")
    for state in ("open", "accepted", "resolved"):
        assert summary.get(state) == str(sum(r.state == state for r in findings))


def test_markup_in_office_text_stays_text():
    row = FindingRow(
        rule_id="SRC-X", path='/a[@b="1"]', severity="error", message="<b>&amp;</b> ]]>",
        suggestion="", generated=False, office_code="KH", ip_type="trademarks",
        first_seen_at=datetime(2026, 1, 2), last_seen_at=datetime(2026, 1, 2),
    )  # fmt: skip

    raw = feedback.render(Record("oai:x:KH/trademarks/1"), [row], datetime(2026, 1, 3), None)

    assert b"&lt;b&gt;&amp;amp;&lt;/b&gt; ]]&gt;" in raw
    assert etree.fromstring(raw).findtext(f"{FB}Finding/{FB}Message") == "<b>&amp;</b> ]]>"


def _row(**changes) -> FindingRow:
    values = dict(
        rule_id="TM-APPLICANT-NAME-MISSING", path="/tmk:Trademark/tmk:ApplicantBag",
        severity="error", message="No name.", suggestion="", generated=False, office_code="KH",
        ip_type="trademarks", first_seen_at=datetime(2026, 1, 2), last_seen_at=datetime(2026, 1, 2),
    )  # fmt: skip
    return FindingRow(**{**values, **changes})


def test_source_field_follows_the_path_and_is_left_out_when_there_is_none():
    source = "/Transaction/TradeMarkTransactionBody/TransactionContentDetails/wo:MarkEventDetails"
    rows = [_row(source_field=source), _row(rule_id="TM-MARK-CATEGORY-MISSING", generated=True)]

    raw = feedback.render(Record("oai:x:KH/trademarks/1"), rows, datetime(2026, 1, 3), None)

    document = etree.fromstring(raw)
    assert feedback.schema().validate(document), feedback.schema().error_log
    named, generated = document.findall(f"{FB}Finding")
    assert [etree.QName(c).localname for c in named][:3] == ["Path", "SourceField", "Message"]
    assert named.findtext(f"{FB}SourceField") == source
    assert generated.find(f"{FB}SourceField") is None


def test_documents_of_earlier_schema_versions_stay_valid():
    """A 1.1 document (guidance, no source field) harvested before 1.2 still validates."""
    rows = [_row(rule_id="TM-MARK-CATEGORY-MISSING")]
    raw = feedback.render(Record("oai:x:KH/trademarks/1"), rows, datetime(2026, 1, 3), None)
    assert b"SourceField" not in raw and b"<fb:Guidance>" in raw

    assert feedback.schema().validate(etree.fromstring(raw)), feedback.schema().error_log
