"""Which files an ST.96 record references, with their roles and paths."""

from __future__ import annotations

from store.document_refs import COM, read_references
from tests.documents_support import PAT, design, trademark


def test_trademark_mark_images():
    refs = read_references(trademark("1", "1.jpg", "1-colour.png", "1.jpg"), "trademarks")
    assert [(r.reference, r.role, r.claimed_type) for r in refs] == [
        ("1.jpg", "mark-image", "image/jpeg"),
        ("1-colour.png", "mark-image", "image/png"),
    ]  # the repeated file is listed once
    assert refs[0].path == (
        "/tmk:Trademark/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:MarkImageBag/"
        "tmk:MarkImage/com:FileName"
    )
    assert refs[0].location is None and [r.sequence for r in refs] == [0, 1]


def test_format_category_is_the_claim():
    (ref,) = read_references(trademark("1", "1.img", category="PNG"), "trademarks")
    assert ref.claimed_type == "image/png"


def test_design_views():
    refs = read_references(design("D1", "D1_1_1.jpg", "D1_1_2.jpg"), "designs")
    assert [(r.reference, r.role) for r in refs] == [
        ("D1_1_1.jpg", "design-view"),
        ("D1_1_2.jpg", "design-view"),
    ]


def test_patent_drawings_full_texts_and_urls():
    st96 = (
        f'<pat:BibliographicData xmlns:pat="{PAT}" xmlns:com="{COM}">'
        '<com:Image com:fileLocationURI="https://office.example/img/fig1.tif">'
        "<com:ImageFormatCategory>TIFF</com:ImageFormatCategory>"
        "<com:FileName>fig1.tif</com:FileName></com:Image>"
        "<pat:Document><com:FileName>https://office.example/pdf/P1.pdf</com:FileName>"
        "</pat:Document><com:ThumbnailFileName>thumb.png</com:ThumbnailFileName>"
        "</pat:BibliographicData>"
    ).encode()
    drawing, text = read_references(st96, "patents")
    assert (drawing.role, drawing.location) == ("drawing", "https://office.example/img/fig1.tif")
    assert drawing.claimed_type == "image/tiff"
    assert (text.role, text.location) == ("full-text", "https://office.example/pdf/P1.pdf")


def test_record_without_files():
    assert read_references(trademark("1"), "trademarks") == []
