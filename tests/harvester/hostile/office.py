"""A hostile OAI-PMH office: the scripted office of the harvester tests, with one attack per path.

The endpoint ``…/oai`` answers like :class:`~tests.harvester.fakeoffice.FakeOffice`; the
endpoint ``…/oai/<attack>`` answers every list request with that attack (Identify stays
honest, as a real misconfigured server's would). Two attacks are in the data rather than in
the answers (:meth:`HostileOffice.plant`): a record dated 2205 and a 5,009-character identifier.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

from werkzeug.wrappers import Request, Response

from tests.harvester.fakeoffice import FakeOffice, Rec

DATA = Path(__file__).resolve().parents[2] / "data" / "hostile"
MiB = 1024 * 1024
ENVELOPE = (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            b"<responseDate>2024-01-01T00:00:00Z</responseDate>"
            b"<request>http://hostile/oai</request><ListRecords>")  # fmt: skip
#: How much a bomb inflates to, and how much a huge page sends.
BOMB_BYTES = 256 * MiB
HUGE_BYTES = 64 * MiB
DRIP_SECONDS = 0.1
TOKEN = re.compile(r"(<resumptionToken[^>]*>)([^<]*)(</resumptionToken>)")

ATTACKS = (
    "future-datestamp",
    "token-repeat",
    "token-cycle",
    "slow-drip",
    "gzip-bomb",
    "deflate-bomb",
    "huge-page",
    "long-identifier",
    "xxe",
    "billion-laughs",
    "deep-nesting",
    "redirect-file",
    "redirect-node",
)


@cache
def bomb(encoding: str) -> bytes:
    """An OAI-PMH envelope followed by 256 MiB of spaces, compressed (about 250 KB)."""
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [packer.compress(ENVELOPE)]
    block = b" " * MiB
    parts += [packer.compress(block) for _ in range(BOMB_BYTES // MiB)]
    return b"".join([*parts, packer.flush()])


def deep_page(depth: int = 20_000) -> bytes:
    """A record whose payload nests ``depth`` elements (libxml2 refuses beyond 256)."""
    payload = b"<n>" * depth + b"x" + b"</n>" * depth
    return (ENVELOPE + b"<record><header><identifier>oai:hostile:deep</identifier>"
            b"<datestamp>2024-01-01T00:00:00Z</datestamp></header><metadata>" + payload
            + b"</metadata></record></ListRecords></OAI-PMH>")  # fmt: skip


def _drip(seconds: float) -> Iterator[bytes]:
    yield ENVELOPE
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        time.sleep(DRIP_SECONDS)
        yield b" "


def _huge() -> Iterator[bytes]:
    yield ENVELOPE
    block = b" " * MiB
    for _ in range(HUGE_BYTES // MiB):
        yield block


class HostileOffice(FakeOffice):
    """The scripted office, hostile on ``…/oai/<attack>``."""

    def __init__(self) -> None:
        super().__init__("KH", records=30, page_size=10)
        #: Where ``redirect-node`` sends the harvester (the node's own /oai).
        self.node_url = "http://127.0.0.1:1/oai"

    def plant(self, attack: str) -> str | None:
        """Put a data attack into the office's records; the planted identifier."""
        payload = next(iter(self.records.values())).payload
        if attack == "future-datestamp":
            ident = "oai:kh.example:TM/typo-2205"
            self.records[ident] = Rec(ident, datetime(2205, 5, 31, 23, 59, 59), payload)
            return ident
        if attack == "long-identifier":
            ident = "oai:kh.example:TM/" + "x" * 4_991  # 5,009 characters
            self.records[ident] = Rec(ident, self._tick(), payload)
            return ident
        return None

    def __call__(self, environ, start_response):
        attack = environ.get("PATH_INFO", "").rstrip("/").rpartition("/oai")[2].strip("/")
        args = dict(Request(environ).args)
        if attack and args.get("verb") != "Identify":
            self.requests.append(args)
            return self._attack(attack, args)(environ, start_response)
        return super().__call__(environ, start_response)

    def _attack(self, attack: str, args: dict) -> Response:
        if attack in ("token-repeat", "token-cycle"):
            return self._looping(attack, args)
        if attack in ("future-datestamp", "long-identifier"):
            return self._answer(args)
        if attack == "slow-drip":
            return Response(_drip(30), mimetype="text/xml")
        if attack.endswith("-bomb"):
            encoding = attack.removesuffix("-bomb")
            return Response(bomb(encoding), mimetype="text/xml",
                            headers={"Content-Encoding": encoding})  # fmt: skip
        if attack == "huge-page":
            return Response(_huge(), mimetype="text/xml")
        if attack in ("xxe", "billion-laughs"):
            return Response((DATA / f"{attack}.xml").read_bytes(), mimetype="text/xml")
        if attack == "deep-nesting":
            return Response(deep_page(), mimetype="text/xml")
        if attack == "redirect-file":
            return Response("", status=302, headers={"Location": "file:///etc/passwd"})
        if attack == "redirect-node":
            target = f"{self.node_url}?verb=ListRecords&metadataPrefix=st96"
            return Response("", status=302, headers={"Location": target})
        raise AssertionError(f"unknown attack {attack}")

    def _looping(self, attack: str, args: dict) -> Response:
        """Honest pages, dishonest tokens: the token asked comes back (A, A) or, on the last
        page, the first token comes back (A → B → A)."""
        response = self._answer(args)
        body = response.get_data(as_text=True)
        asked = args.get("resumptionToken")
        if attack == "token-repeat" and asked:
            body = TOKEN.sub(lambda m: m[1] + asked + m[3], body)
        elif attack == "token-cycle" and asked and not TOKEN.search(body)[2]:
            first = f"{self.page_size}|{asked.split('|', 1)[1]}"
            body = TOKEN.sub(lambda m: m[1] + first + m[3], body)
        return Response(body.encode(), mimetype="text/xml")
