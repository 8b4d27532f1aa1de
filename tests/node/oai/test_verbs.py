"""Argument rules, driven by the same table the validator reads (oaiprotocol.verbs.VERBS)."""

from __future__ import annotations

import pytest

from oaiprotocol.verbs import VERBS

METHODS = ("GET", "POST")
R1 = "oai:iphub.local:KH/trademarks/KH-M-2020-0000001"
#: A legal value for each argument name.
VALUES = {
    "identifier": R1,
    "metadataPrefix": "oai_dc",
    "from": "2024-01-01",
    "until": "2024-12-31",
    "set": "KH",
    "resumptionToken": "opaque",
}


def _valid(verb: str) -> list[tuple[str, str]]:
    return [("verb", verb)] + [(name, VALUES[name]) for name in sorted(VERBS[verb].required)]


def _cases() -> list:
    cases = []
    for verb, rule in VERBS.items():
        cases.append(pytest.param(verb, [*_valid(verb), ("bogus", "1")], id=f"{verb}-unknown"))
        for name in sorted(rule.allowed):
            pairs = [*_valid(verb)]
            if name not in rule.required:
                pairs.append((name, VALUES[name]))
            pairs.append((name, VALUES[name]))
            cases.append(pytest.param(verb, pairs, id=f"{verb}-repeated-{name}"))
        for name in sorted(rule.required):
            pairs = [p for p in _valid(verb) if p[0] != name]
            cases.append(pytest.param(verb, pairs, id=f"{verb}-missing-{name}"))
        if rule.exclusive:
            for name in sorted(rule.allowed - {rule.exclusive}):
                pairs = [("verb", verb), (rule.exclusive, "t"), (name, VALUES[name])]
                cases.append(pytest.param(verb, pairs, id=f"{verb}-exclusive-with-{name}"))
    return cases


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("verb", "pairs"), _cases())
def test_argument_rules(oai, helpers, store, method, verb, pairs):
    root = oai.request(method, *pairs)
    assert "badArgument" in helpers.codes(root)
    request = root.find("oai:request", helpers.ns)
    assert dict(request.attrib) == {}, "badArgument responses echo the base URL only"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("verb", sorted(VERBS))
def test_valid_minimal_request_is_answered(oai, helpers, store, method, verb):
    root = oai.request(method, *_valid(verb))
    assert helpers.codes(root) == []
    request = root.find("oai:request", helpers.ns)
    assert request.get("verb") == verb
    assert root.find(f"oai:{verb}", helpers.ns) is not None


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "pairs",
    [
        pytest.param([], id="missing"),
        pytest.param([("verb", "Explode")], id="illegal"),
        pytest.param([("verb", "")], id="empty"),
        pytest.param([("verb", "identify")], id="case-sensitive"),
        pytest.param([("verb", "Identify"), ("verb", "Identify")], id="repeated"),
    ],
)
def test_bad_verb(oai, helpers, method, pairs):
    root = oai.request(method, *pairs)
    assert helpers.codes(root) == ["badVerb"]
    assert dict(root.find("oai:request", helpers.ns).attrib) == {}


@pytest.mark.parametrize(
    ("from_", "until"),
    [
        ("2024-01-01T00:00:00", None),  # no Z
        ("2024-01-01T00:00:00.5Z", None),  # finer than the repository's granularity
        ("2024-01-01T00:00:00+01:00", None),
        ("2024-1-1", None),
        ("2024-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, "2024-13-01"),
        ("2024-01-01", "2024-01-02T00:00:00Z"),  # mixed granularities
        ("2024-01-02", "2024-01-01"),  # from > until
        ("2024-01-01T00:00:01Z", "2024-01-01T00:00:00Z"),
    ],
)
def test_illegal_dates(oai, helpers, store, from_, until):
    args = {"metadataPrefix": "oai_dc"}
    if from_ is not None:
        args["from"] = from_
    if until is not None:
        args["until"] = until
    root = oai.get(verb="ListIdentifiers", **args)
    assert helpers.codes(root) == ["badArgument"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("metadataPrefix", "oai dc"), ("set", "KH::trademarks"), ("set", ""), ("identifier", "")],
)
def test_illegal_value_syntax(oai, helpers, store, name, value):
    verb = "GetRecord" if name == "identifier" else "ListRecords"
    args = {"identifier": R1, "metadataPrefix": "oai_dc", name: value}
    if verb == "ListRecords":
        args.pop("identifier")
    root = oai.get(verb=verb, **args)
    assert "badArgument" in helpers.codes(root)


def test_several_errors_in_one_response(oai, helpers, store):
    root = oai.get(
        verb="ListRecords",
        metadataPrefix="marc21",
        from_="2024-01-01",
        until="2023-01-01",
        bogus="x",
    )
    codes = helpers.codes(root)
    assert codes.count("badArgument") == 2
    assert "cannotDisseminateFormat" in codes


def test_post_and_get_agree(oai, helpers, store):
    get = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc", set="KH")
    post = oai.post(verb="ListIdentifiers", metadataPrefix="oai_dc", set="KH")
    assert helpers.ids(get.iter(f"{{{helpers.ns['oai']}}}header")) == helpers.ids(
        post.iter(f"{{{helpers.ns['oai']}}}header")
    )


def test_post_repeated_across_query_and_body_is_detected(client, helpers, response_schema):
    response = client.post("/oai?verb=Identify", data={"verb": "Identify"})
    root = helpers.check(response.data, response_schema)
    assert helpers.codes(root) == ["badVerb"]


def test_the_table_covers_the_six_verbs():
    assert set(VERBS) == {
        "Identify",
        "ListMetadataFormats",
        "ListSets",
        "GetRecord",
        "ListIdentifiers",
        "ListRecords",
    }
    assert VERBS["GetRecord"].exclusive is None
    assert VERBS["ListRecords"].exclusive == "resumptionToken"
