"""The simulator's documents are real files, deterministic per name."""

from __future__ import annotations

import io
import re

import pytest
from werkzeug.test import Client

from simulator.documents import DocumentsApp, document, gif, jpeg, pdf, png
from store.document_sniff import sniff


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("123.png", "image/png"),
        ("123.jpg", "image/jpeg"),
        ("D_1_2.jpeg", "image/jpeg"),
        ("9.gif", "image/gif"),
        ("P1.pdf", "application/pdf"),
    ],
)
def test_each_name_gets_a_deterministic_file_of_its_type(name, mime):
    data, served = document(name)
    assert served == mime and sniff(data) == mime
    assert document(name)[0] == data
    assert document("other-" + name)[0] != data


def test_unknown_names_are_absent():
    assert document("notes.txt") is None
    assert document("a/b.png") is None


@pytest.mark.parametrize("make", [png, jpeg, gif])
def test_images_decode(make):
    image_module = pytest.importorskip("PIL.Image")
    image = image_module.open(io.BytesIO(make(37, 21, bytes(range(40)))))
    image.load()
    assert image.size == (37, 21)


def test_pdf_cross_reference_table_points_at_its_objects():
    data = pdf("Title with (parentheses) and \\ backslash")
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:].startswith(b"xref\n0 6\n")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", data)]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert data.endswith(b"%%EOF\n")


def test_documents_app_serves_fakes_and_404s():
    client = Client(DocumentsApp(fake={"1.png"}, missing={"2.png"}))
    good = client.get("/documents/3.png")
    assert good.status_code == 200 and good.data == document("3.png")[0]
    fake = client.get("/documents/1.png")
    assert fake.headers["Content-Type"] == "image/png" and fake.data.startswith(b"<!DOCTYPE html>")
    assert client.get("/documents/2.png").status_code == 404
    assert client.get("/documents/readme.txt").status_code == 404
