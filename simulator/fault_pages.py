"""What a faulty office answers (see :mod:`simulator.faults` for the kinds and when): the
response replacing the real one, a dropped connection, and a record payload a harvester must
refuse."""

from __future__ import annotations

import contextlib
import socket
import struct
import time
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from simulator.faults import Fault, FaultInjector

WSGIEnviron = dict[str, Any]


def replacement(fault: Fault, injector: FaultInjector, environ: WSGIEnviron) -> Response | None:
    """The response replacing the real one, or None to go on (possibly delayed)."""
    if fault.kind == "slow":
        time.sleep(injector.delay)
    elif fault.kind == "reset":
        reset_connection(environ)
        return Response(b"", 200)
    elif fault.kind == "http_error":
        status = 500 if fault.variant % 2 == 0 else 502
        return Response(ERROR_PAGES[status], status, content_type="text/html")
    elif fault.kind == "unavailable":
        return Response(
            ERROR_PAGES[503],
            503,
            {"Retry-After": str(injector.retry_after)},
            content_type="text/html",
        )
    elif fault.kind == "html":
        return Response(MAINTENANCE_PAGE, 200, content_type="text/html; charset=utf-8")
    return None


def reset_connection(environ: WSGIEnviron) -> None:
    """Drop the client's connection with no response at all (RST where the OS allows)."""
    sock = environ.get("werkzeug.socket")
    if sock is None:  # in-process test client: there is no connection to drop
        raise ConnectionResetError("simulated connection reset")
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)


def broken_payload(fault: Fault, payload: bytes) -> bytes:
    """A record payload that a harvester must reject (three forms, see faults.py)."""
    if fault.variant == 0:
        return b"<ERROR>ORA-01722: invalid number (IPAS export job 42)</ERROR>"
    if fault.variant == 1:
        head = payload.split(b">", 1)[0] + b">"
        return head + b"<TradeMarkTransactionBody/></Transaction>"
    truncated = payload[: len(payload) // 2].decode("utf-8", "ignore")
    return escape(truncated).encode()  # the record as text: no element at all


ERROR_PAGES = {
    500: b"<html><head><title>500 Internal Server Error</title></head><body><h1>Internal "
    b"Server Error</h1><p>java.lang.NullPointerException at "
    b"org.wipo.ipas.oai.ListRecordsHandler.handle(ListRecordsHandler.java:212)</p></body></html>",
    502: b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    b"</h1></center><hr><center>nginx</center></body></html>",
    503: b"<html><head><title>503 Service Unavailable</title></head><body><h1>Service "
    b"Unavailable</h1><p>The server is temporarily busy. Please retry later.</p></body></html>",
}
MAINTENANCE_PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>IP Office Online Services"
    b"</title></head><body><h1>Scheduled maintenance</h1><p>Our online services are being "
    b"upgraded. Please come back later.</p></body></html>"
)
