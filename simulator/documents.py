"""The simulated office's documents endpoint: real, small, deterministic images and PDFs.

``GET /documents/<name>`` answers the file a record references (``12345.jpg``,
``2021000123_1_2.jpg``, ``KH-P-1.pdf``) with bytes derived only from the name, so every run and
every process serves the same file for the same record. The files are genuine (they open in any
viewer) and tiny: PNG built with zlib and struct, a baseline greyscale JPEG encoded here with
DC-only blocks, a GIF with uncompressed LZW, a one-page PDF with a correct xref table. No
imaging library is needed.

Faults for tests: names in ``fake`` are answered with an HTML error page under the image's
name and type (a misconfigured proxy), names in ``missing`` with 404.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Collection, Iterable
from pathlib import PurePosixPath

from werkzeug.wrappers import Request, Response

PREFIX = "/documents/"
FAKE_PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n"


def _seed(name: str) -> bytes:
    return hashlib.sha256(name.encode("utf-8")).digest()


# -- PNG ------------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int, height: int, seed: bytes) -> bytes:
    """An RGB PNG: a diagonal two-colour pattern whose colours come from ``seed``."""
    first, second = seed[0:3], seed[3:6]
    rows = []
    for y in range(height):
        pixels = b"".join(first if (x + y) // 4 % 2 else second for x in range(width))
        rows.append(b"\x00" + pixels)  # filter type 0 per scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


# -- JPEG -----------------------------------------------------------------------------------------

#: ITU T.81 Annex K.3 luminance DC table: code lengths, then symbols (categories 0..11).
_DC_BITS = bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
_DC_VALUES = bytes(range(12))


def _huffman_codes(bits: bytes, values: bytes) -> dict[int, tuple[int, int]]:
    """Canonical Huffman codes (T.81 Annex C): symbol → (code, length)."""
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return codes


class _BitWriter:
    """MSB-first bit packing with JPEG byte stuffing (0xFF is followed by 0x00)."""

    def __init__(self) -> None:
        self.out, self.acc, self.count = bytearray(), 0, 0

    def write(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.count = 0, 0

    def flush(self) -> bytes:
        if self.count:
            self.write((1 << (8 - self.count)) - 1, 8 - self.count)  # pad with 1 bits
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg(width: int, height: int, seed: bytes) -> bytes:
    """A baseline greyscale JPEG of flat 8×8 blocks (DC only; every AC run is an EOB).

    Quantiser 8 everywhere makes a block of level ``v`` encode as DC ``v - 128``. The AC table
    holds a single symbol (EOB, code ``0``): the smallest table a decoder accepts.
    """
    blocks_x, blocks_y = (width + 7) // 8, (height + 7) // 8
    dc_codes = _huffman_codes(_DC_BITS, _DC_VALUES)
    bits, previous = _BitWriter(), 0
    for index in range(blocks_x * blocks_y):
        level = 40 + seed[index % len(seed)] * 175 // 255
        diff, previous = (level - 128) - previous, level - 128
        category = abs(diff).bit_length()
        code, length = dc_codes[category]
        bits.write(code, length)
        if category:
            bits.write(diff if diff > 0 else diff + (1 << category) - 1, category)
        bits.write(0, 1)  # EOB
    return b"".join(
        (
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xDB, b"\x00" + bytes([8] * 64)),
            _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"),
            _segment(0xC4, b"\x00" + _DC_BITS + _DC_VALUES),
            _segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00"),
            _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            bits.flush(),
            b"\xff\xd9",
        )
    )


# -- GIF ------------------------------------------------------------------------------------------


def _lzw_uncompressed(indices: Iterable[int]) -> bytes:
    """LZW data a GIF decoder reads without the encoder compressing anything.

    Minimum code size 2 → 3-bit codes; a CLEAR code before every second pixel keeps the
    decoder's table from growing, so the code width never changes.
    """
    clear, end = 4, 5
    acc = count = 0
    out = bytearray()

    def emit(code: int) -> None:
        nonlocal acc, count
        acc |= code << count
        count += 3
        while count >= 8:
            out.append(acc & 0xFF)
            acc, count = acc >> 8, count - 8

    for position, index in enumerate(indices):
        if position % 2 == 0:
            emit(clear)
        emit(index)
    emit(end)
    if count:
        out.append(acc & 0xFF)
    return bytes(out)


def gif(width: int, height: int, seed: bytes) -> bytes:
    """A GIF89a with a four-colour palette from ``seed``, in stripes."""
    palette = seed[0:12]
    indices = ((x // 4 + y // 4) % 4 for y in range(height) for x in range(width))
    data = _lzw_uncompressed(indices)
    blocks = b"".join(
        bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
    )
    return b"".join(
        (
            b"GIF89a",
            struct.pack("<HHBBB", width, height, 0xF1, 0, 0),  # global table of 4 colours
            palette,
            b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0),
            b"\x02",  # LZW minimum code size
            blocks,
            b"\x00;",
        )
    )


# -- PDF ------------------------------------------------------------------------------------------


def pdf(title: str) -> bytes:
    """A one-page PDF saying ``title``, with a byte-exact cross-reference table."""
    text = title.encode("latin-1", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# -- serving --------------------------------------------------------------------------------------

_MAKERS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    ".png": ("image/png", lambda name: png(48, 32, _seed(name))),
    ".jpg": ("image/jpeg", lambda name: jpeg(32, 24, _seed(name))),
    ".jpeg": ("image/jpeg", lambda name: jpeg(32, 24, _seed(name))),
    ".gif": ("image/gif", lambda name: gif(24, 16, _seed(name))),
    ".pdf": ("application/pdf", lambda name: pdf(f"Simulated office document {name}")),
}


def document(name: str) -> tuple[bytes, str] | None:
    """(bytes, MIME type) of the file called ``name``, or None for an unknown extension."""
    found = _MAKERS.get(PurePosixPath(name).suffix.lower())
    if found is None or "/" in name or not name.strip("."):
        return None
    mime, make = found
    return make(name), mime


class DocumentsApp:
    """WSGI app for ``/documents/<name>``; mount it in the simulated office's dispatcher."""

    def __init__(self, fake: Collection[str] = (), missing: Collection[str] = ()) -> None:
        self.fake = set(fake)
        self.missing = set(missing)

    def response(self, name: str) -> Response:
        found = None if name in self.missing else document(name)
        if found is None:
            return Response(f"no document {name!r}\n", 404, mimetype="text/plain")
        data, mime = found
        if name in self.fake:
            data = FAKE_PAGE  # served under the image's own type, as a broken proxy would
        return Response(data, 200, mimetype=mime)

    def __call__(self, environ, start_response):
        path = Request(environ).path
        name = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        return self.response(name)(environ, start_response)
