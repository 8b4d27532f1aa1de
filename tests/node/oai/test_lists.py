"""ListRecords / ListIdentifiers: selection, inclusive bounds, paging, cursor and sizes."""

from __future__ import annotations

import pytest

ALL = ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
ST96 = ["R1", "R2", "R3", "R4", "R5", "R7"]  # R6 is invalid


def _ids(store, keys):
    return [store[k].identifier for k in keys]


@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"metadataPrefix": "oai_dc"}, ALL),
        ({"metadataPrefix": "st96"}, ST96),
        ({"metadataPrefix": "oai_dc", "set": "KH"}, ["R1", "R2", "R3", "R5", "R6"]),
        ({"metadataPrefix": "oai_dc", "set": "KH:trademarks"}, ["R1", "R5", "R6"]),
        ({"metadataPrefix": "oai_dc", "set": "TH:designs"}, ["R7"]),
        (
            {"metadataPrefix": "oai_dc", "from": "2024-01-02T12:00:00Z"},
            ["R3", "R4", "R5", "R6", "R7"],
        ),
        ({"metadataPrefix": "oai_dc", "until": "2024-01-02T12:00:00Z"}, ["R1", "R2", "R3"]),
        (
            {
                "metadataPrefix": "oai_dc",
                "from": "2024-01-02T12:00:00Z",
                "until": "2024-01-02T12:00:00Z",
            },
            ["R3"],
        ),
        ({"metadataPrefix": "oai_dc", "from": "2024-01-02", "until": "2024-01-02"}, ["R3"]),
        ({"metadataPrefix": "oai_dc", "until": "2024-01-01"}, ["R1", "R2"]),
        ({"metadataPrefix": "oai_dc", "from": "2024-01-06"}, ["R7"]),
    ],
)
@pytest.mark.parametrize("page_size", [1, 2, 100])
def test_selection(app, oai, store, verb, args, expected, page_size, helpers):
    app.config["OAI_PAGE_SIZE"] = page_size
    items, tokens = oai.harvest(verb, **args)
    assert helpers.ids(items) == _ids(store, expected)
    if len(expected) <= page_size:
        assert tokens == []
        return
    sizes = {t.get("completeListSize") for t in tokens}
    assert sizes == {str(len(expected))}
    assert [int(t.get("cursor")) for t in tokens] == list(range(0, len(expected), page_size))
    assert tokens[-1].text is None, "the last page carries an empty resumptionToken"
    assert all(t.get("expirationDate", "").endswith("Z") for t in tokens[:-1])


def test_original_lists(oai, helpers, store):
    items, _ = oai.harvest("ListRecords", metadataPrefix="original")
    # R7's original has no namespace: not disseminated (OAI-PMH metadata wants ##other).
    assert helpers.ids(items) == _ids(store, ["R1", "R5"])


def test_deleted_in_lists(oai, helpers, store):
    items, _ = oai.harvest("ListRecords", metadataPrefix="st96")
    deleted = [r for r in items if r.find("oai:header", helpers.ns).get("status") == "deleted"]
    assert helpers.ids(deleted) == [store["R5"].identifier]
    assert deleted[0].find("oai:metadata", helpers.ns) is None
    headers, _ = oai.harvest("ListIdentifiers", metadataPrefix="st96", set="KH:trademarks")
    assert [h.get("status") for h in headers] == [None, "deleted"]


@pytest.mark.parametrize(
    "args",
    [
        {"set": "VN"},
        {"set": "KH:gi"},
        {"set": "KH:trademarks:extra"},
        {"from": "2030-01-01"},
        {"until": "2000-01-01"},
        {"set": "TH:patents"},
    ],
)
def test_no_records_match(oai, helpers, store, args):
    root = oai.get(verb="ListRecords", metadataPrefix="oai_dc", **args)
    assert helpers.codes(root) == ["noRecordsMatch"]
    assert root.find("oai:request", helpers.ns).get("verb") == "ListRecords"


def test_empty_store(oai, helpers):
    assert helpers.codes(oai.get(verb="ListIdentifiers", metadataPrefix="st96")) == [
        "noRecordsMatch"
    ]
    assert helpers.codes(oai.get(verb="ListSets")) == ["noSetHierarchy"]


def test_seeded_paging_matches_one_page(app, oai, helpers, db):
    from simulator.demo import seed

    seed.seed(db, 300, ["KH", "TH", "VN"], "iphub.local", batch=70)
    app.config["OAI_PAGE_SIZE"] = 1000
    everything, _ = oai.harvest("ListIdentifiers", metadataPrefix="oai_dc")
    app.config["OAI_PAGE_SIZE"] = 7  # a page boundary inside each group of equal datestamps
    paged, tokens = oai.harvest("ListIdentifiers", metadataPrefix="oai_dc")
    assert helpers.ids(paged) == helpers.ids(everything)
    assert len(set(helpers.ids(paged))) == 300
    assert tokens[-1].get("completeListSize") == "300"
