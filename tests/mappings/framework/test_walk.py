"""The one coverage walk: exact by namespace, for every format."""

from __future__ import annotations

from lxml import etree

from mappings.framework.table import CoverageTable
from mappings.framework.walk import path_of, source_paths, walk
from mappings.model import NotMapped

NS = "urn:fmt"
EXT = "urn:ext"
TABLE = CoverageTable(
    prefix="x",
    paths={
        "/R": "/x:Out",
        "/R/A": "/x:Out/x:A",
        "/R/e:B": "/x:Out/x:B",
        "/R/Box": NotMapped("container only"),
        "/R/Box/C": "/x:Out/x:C",
    },
    handled_attributes=frozenset({"lang"}),
    extensions={"e": EXT},
)


def record(body: str) -> etree._Element:
    return etree.fromstring(f'<R xmlns="{NS}" xmlns:e="{EXT}" xmlns:o="urn:other">{body}</R>')


def test_a_same_named_element_of_another_namespace_is_unmapped() -> None:
    root = record("<A>1</A><o:A>2</o:A><e:B>3</e:B><B>4</B>")
    unmapped, _ = walk(root, TABLE)
    assert [f.path for f in unmapped] == ["/R/{urn:other}A", "/R/B"]
    assert "namespace no coverage table declares" in unmapped[0].message


def test_an_element_without_namespace_in_a_namespaced_record_is_unmapped() -> None:
    root = record('<A>1</A><Box><C xmlns="">x</C></Box>')
    unmapped, _ = walk(root, TABLE)
    assert [f.path for f in unmapped] == ["/R/Box/{}C"]


def test_unhandled_attributes_are_reported_once() -> None:
    root = record('<A lang="en" odd="1">1</A><A odd="2">2</A>')
    unmapped, _ = walk(root, TABLE)
    assert [(f.rule_id, f.path) for f in unmapped] == [("MAP-UNMAPPED-ATTRIBUTE", "/R/A[@odd]")]


def test_placeholders_are_reported_and_blanked_only_when_asked() -> None:
    root = record("<A>-</A><Box><C>N/A</C></Box><e:B>data</e:B>")
    assert walk(root, TABLE) == ([], [])
    _, placeholders = walk(root, TABLE, st96_root="/x:Out")
    assert [(f.rule_id, f.path) for f in placeholders] == [
        ("SRC-PLACEHOLDER", "/x:Out/x:A"),
        ("SRC-PLACEHOLDER", "/x:Out/x:C"),
    ]
    assert "/R/A" in placeholders[0].message
    assert root[0].text is None and root[2].text == "data"


def test_the_index_keys_children_by_local_name_in_the_record_namespace() -> None:
    root = record("<A>1</A><o:A>2</o:A><e:B>3</e:B>")
    index: dict = {}
    walk(root, TABLE, index=index)
    assert {key: [el.text for el in els] for key, els in index[root].items()} == {
        "A": ["1"],
        "B": ["3"],
    }


def test_source_paths_and_path_of_use_the_table_notation() -> None:
    root = record("<A>1</A><e:B>3</e:B><o:D/>")
    assert [p for p, _ in source_paths(root, TABLE)] == ["/R", "/R/A", "/R/e:B", "/R/{urn:other}D"]
    assert path_of(root[1], TABLE) == "/R/e:B"


def test_a_record_below_the_table_top_starts_at_its_declared_path() -> None:
    table = CoverageTable(
        prefix="x",
        paths={"/Env": NotMapped("envelope"), "/Env/R": "/x:Out", "/Env/R/A": "/x:Out/x:A"},
        handled_attributes=frozenset(),
        bare_roots={"R": "/Env/R"},
    )
    root = etree.fromstring("<R><A>1</A><Z/></R>")
    assert [f.path for f in walk(root, table)[0]] == ["/Env/R/Z"]
    assert [p for p, _ in source_paths(root, table)][:2] == ["/Env/R", "/Env/R/A"]


def test_an_unknown_root_is_one_unmapped_element() -> None:
    unmapped, _ = walk(etree.fromstring("<Other><A/></Other>"), TABLE)
    assert [f.path for f in unmapped] == ["/Other"]
