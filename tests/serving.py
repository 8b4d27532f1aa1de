"""Serving a WSGI app on a free local port in a thread, for tests that talk HTTP to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serve(app, path: str = "/oai", join_timeout: float | None = None) -> Iterator[str]:
    """Serve a WSGI app on a free local port in a thread; yields its base URL + ``path``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()
        thread.join(join_timeout)
