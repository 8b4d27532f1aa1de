"""ListSets: the hierarchy from the store, names from the Office table."""

from __future__ import annotations


def test_list_sets(oai, helpers, store):
    root = oai.get(verb="ListSets")
    ns = helpers.ns
    sets = {
        s.findtext("oai:setSpec", namespaces=ns): s
        for s in root.iterfind("oai:ListSets/oai:set", ns)
    }
    assert list(sets) == [
        "KH",
        "KH:designs",
        "KH:patents",
        "KH:trademarks",
        "TH",
        "TH:designs",
        "TH:trademarks",
    ]
    assert sets["KH"].findtext("oai:setName", namespaces=ns) == (
        "Department of Intellectual Property Rights, Cambodia"
    )
    assert "Trademarks" in sets["TH:trademarks"].findtext("oai:setName", namespaces=ns)
    dc = sets["KH:patents"].find("oai:setDescription/oai_dc:dc", ns)
    assert dc.findtext("dc:description", namespaces=ns)


def test_list_sets_rejects_tokens(oai, helpers, store):
    root = oai.get(verb="ListSets", resumptionToken="anything")
    assert helpers.codes(root) == ["badResumptionToken"]
