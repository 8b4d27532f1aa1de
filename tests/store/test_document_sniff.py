"""What a file is, from its first bytes; refusal of anything that is not what it claims."""

from __future__ import annotations

import pytest

from store import document_sniff as sniff
from store.document_sniff import GIF, JPEG, PDF, PNG, TIFF, Refused

HTML = b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\x89PNG\r\n\x1a\nrest", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"GIF89a....", GIF),
        (b"GIF87a....", GIF),
        (b"II*\x00\x08\x00", TIFF),
        (b"MM\x00*\x00\x00", TIFF),
        (b"%PDF-1.7\n", PDF),
        (HTML, None),
        (SVG, None),
        (b"", None),
    ],
)
def test_sniff_recognises_allowed_formats_only(head, mime):
    assert sniff.sniff(head) == mime


def test_html_served_as_png_is_refused_with_a_reason(png_bytes):
    with pytest.raises(Refused, match="HTML page"):
        sniff.check(HTML, sniff.claimed_type("12345.png"))


def test_svg_is_refused_even_when_claimed():
    with pytest.raises(Refused, match="SVG"):
        sniff.check(SVG, sniff.claimed_type("logo.svg"))


def test_a_jpeg_claiming_to_be_png_is_refused(jpeg_bytes):
    with pytest.raises(Refused, match="record says PNG but the file is JPEG"):
        sniff.check(jpeg_bytes, sniff.claimed_type("12345.png"))


def test_matching_and_unclaimed_files_are_accepted(png_bytes, pdf_bytes):
    assert sniff.check(png_bytes, sniff.claimed_type("a.PNG")) == PNG
    assert sniff.check(pdf_bytes, None) == PDF
    assert sniff.check(png_bytes, sniff.claimed_type("no-extension")) == PNG


def test_format_category_wins_over_extension():
    assert sniff.claimed_type("mark.png", "JPEG") == JPEG
    assert sniff.claimed_type("mark.jpg", "not-a-category") == JPEG
    assert sniff.claimed_type("https://office/images/3.gif?size=big") == GIF
    assert sniff.claimed_type("https://office/img?id=3.gif") is None


def test_size_limit():
    sniff.check_size(10, 10)
    with pytest.raises(Refused, match="larger than the 10 bytes"):
        sniff.check_size(11, 10)
