"""A simulated office on a real socket, for sickle and the harvester: `serve_in_thread`, or
`running` as a context manager."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from simulator.server import SimulatedOffice


class _QuietHandler(WSGIRequestHandler):
    """No access log, and no traceback when a fault dropped the connection."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log(self, *args: Any, **kwargs: Any) -> None:
        pass


def serve_in_thread(
    office_: SimulatedOffice, host: str = "127.0.0.1", port: int = 0
) -> tuple[str, Callable[[], None]]:
    """Serve the office on a background thread: (``http://host:port/oai``, stop function).

    Port 0 picks a free port. The server is threaded, so a slow fault does not block others.
    """
    server = make_server(host, port, office_, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name=f"sim-{office_.code}", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{host}:{server.server_port}/oai", stop


@contextlib.contextmanager
def running(office_: SimulatedOffice, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """``with running(office) as url:`` - `serve_in_thread` as a context manager."""
    url, stop = serve_in_thread(office_, host, port)
    try:
        yield url
    finally:
        stop()
