"""A small scripted OAI-PMH office for harvester tests.

The real simulator (``simulator``) injects faults at random; these tests also need
faults at an exact request ("refuse this token twice", "answer page 3 with HTML"), which a
script of answers gives. Records are the simulator's own ST.66 trademarks, so the real
mappings run on them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from werkzeug.wrappers import Request, Response

from simulator.trademark_xml import TrademarkGenerator
from tests.serving import serve

__all__ = ["FakeOffice", "serve"]

BASE = datetime(2024, 1, 1)
GENERATOR = TrademarkGenerator()


@dataclass
class Rec:
    identifier: str
    datestamp: datetime
    payload: bytes | None  # None = deleted


class FakeOffice:
    """A WSGI OAI-PMH endpoint over an in-memory, changeable list of records."""

    def __init__(self, code: str = "KH", records: int = 30, page_size: int = 10,
                 granularity: str = "YYYY-MM-DDThh:mm:ssZ") -> None:  # fmt: skip
        self.code, self.page_size, self.granularity = code, page_size, granularity
        self.clock = BASE
        self.records: dict[str, Rec] = {}
        self.script: deque[str] = deque()
        self.refuse_tokens = 0
        self.requests: list[dict] = []
        self.hook: Callable[[dict], None] | None = None
        for index in range(records):
            self.add(index)

    # -- the office's data --------------------------------------------------------------------

    def _tick(self) -> datetime:
        self.clock += timedelta(seconds=1)
        return self.clock

    def identifier(self, index: int) -> str:
        return f"oai:{self.code.lower()}.example:TM/{GENERATOR.source_id(self.code, 1, index)}"

    def add(self, index: int, payload: bytes | None = None) -> str:
        ident = self.identifier(index)
        body = payload or GENERATOR.record(self.code, 1, index)
        self.records[ident] = Rec(ident, self._tick(), body)
        return ident

    def update(self, ident: str, payload: bytes) -> None:
        self.records[ident] = Rec(ident, self._tick(), payload)

    def delete(self, ident: str) -> None:
        self.records[ident] = Rec(ident, self._tick(), None)

    # -- protocol -----------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        args = dict(request.args)
        self.requests.append(args)
        if self.hook:
            self.hook(args)
        fault = self.script.popleft() if self.script else None
        response = self._fault(fault) if fault else self._answer(args)
        return response(environ, start_response)

    def _fault(self, fault: str) -> Response:
        if fault == "503":
            return Response("busy", status=503, headers={"Retry-After": "0"})
        if fault == "500":
            return Response("oops", status=500)
        if fault == "html":
            return Response("<!DOCTYPE html><html><body>Proxy error</body></html>",
                            mimetype="text/html")  # fmt: skip
        if fault == "badxml":
            return Response(b"<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/'><List",
                            mimetype="text/xml")  # fmt: skip
        raise AssertionError(fault)

    def _answer(self, args: dict) -> Response:
        verb = args.get("verb")
        if verb == "Identify":
            body = (f"<Identify><repositoryName>{self.code}</repositoryName>"
                    f"<granularity>{self.granularity}</granularity></Identify>")  # fmt: skip
        elif verb in ("ListRecords", "ListIdentifiers"):
            body = self._list(verb, args)
        elif verb == "GetRecord":
            rec = self.records.get(args.get("identifier", ""))
            if rec is None:
                body = '<error code="idDoesNotExist">no such record</error>'
            else:
                body = f"<GetRecord>{self._record(rec, True)}</GetRecord>"
        else:
            body = '<error code="badVerb">bad verb</error>'
        return self._envelope(body)

    def _list(self, verb: str, args: dict) -> str:
        token = args.get("resumptionToken")
        if token:
            if self.refuse_tokens:
                self.refuse_tokens -= 1
                return '<error code="badResumptionToken">expired</error>'
            offset, start = token.split("|", 1)
            offset = int(offset)
        else:
            offset, start = 0, args.get("from", "")
        ordered = sorted(self.records.values(), key=lambda r: (r.datestamp, r.identifier))
        chosen = [r for r in ordered if not start or self._stamp(r.datestamp) >= start]
        if not chosen:
            return '<error code="noRecordsMatch">nothing</error>'
        page = chosen[offset : offset + self.page_size]
        nxt = offset + self.page_size
        items = "".join(self._record(r, verb == "ListRecords") for r in page)
        rt = f"{nxt}|{start}" if nxt < len(chosen) else ""
        token_el = (f'<resumptionToken completeListSize="{len(chosen)}" cursor="{offset}">'
                    f"{escape(rt)}</resumptionToken>")  # fmt: skip
        return f"<{verb}>{items}{token_el}</{verb}>"

    def _stamp(self, value: datetime) -> str:
        if self.granularity == "YYYY-MM-DD":
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _record(self, rec: Rec, with_metadata: bool) -> str:
        status = ' status="deleted"' if rec.payload is None else ""
        header = (f"<header{status}><identifier>{escape(rec.identifier)}</identifier>"
                  f"<datestamp>{self._stamp(rec.datestamp)}</datestamp>"
                  f"<setSpec>{self.code}:trademarks</setSpec></header>")  # fmt: skip
        if not with_metadata:
            return header
        if rec.payload is None:
            return f"<record>{header}</record>"
        return f"<record>{header}<metadata>{rec.payload.decode()}</metadata></record>"

    def _envelope(self, body: str) -> Response:
        xml = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
               "<responseDate>2024-01-01T00:00:00Z</responseDate>"
               f"<request>http://fake/oai</request>{body}</OAI-PMH>")  # fmt: skip
        return Response(xml.encode(), mimetype="text/xml")
