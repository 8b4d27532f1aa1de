"""Two server processes sharing one database and secret: a harvest alternating between them
gets every record once, in order. This is what stateless tokens are for."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests

NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}
SERVE = """
import sys
from werkzeug.serving import run_simple
from node import create_app, oai
from node.extensions import OAI_VIEW_RESOLVER
app = create_app({"DATABASE_SCHEMA": sys.argv[2] or None})
if "oai" not in app.blueprints:
    app.register_blueprint(oai.bp)
    oai.init_app(app)
app.extensions[OAI_VIEW_RESOLVER] = oai.client_view.open_resolver  # the provider, not access
run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            requests.get(url, params={"verb": "Identify"}, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise TimeoutError(url)


@pytest.fixture
def replicas(app, store, tmp_path) -> Iterator[list[str]]:
    env = dict(
        os.environ,
        IPHUB_DATABASE_URL=app.config["DATABASE_URL"],
        IPHUB_SECRET_KEY="shared-replica-secret",
        IPHUB_OAI_PAGE_SIZE="2",
    )
    processes, urls = [], []
    try:
        for n in range(2):
            port = _free_port()
            env["IPHUB_INSTANCE_PATH"] = str(tmp_path / f"instance{n}")
            process = subprocess.Popen(
                [sys.executable, "-c", SERVE, str(port), app.config.get("DATABASE_SCHEMA") or ""],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}/oai")
            _wait(urls[-1], process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_harvest_alternating_between_two_processes(replicas, store, helpers, response_schema):
    params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    seen, turn = [], 0
    while True:
        response = requests.get(replicas[turn % 2], params=params, timeout=10)
        root = helpers.check(response.content, response_schema)
        assert root.find("oai:error", NS) is None, response.text
        seen += [h.text for h in root.iterfind(".//oai:header/oai:identifier", NS)]
        token = root.find(".//oai:resumptionToken", NS)
        if token is None or not token.text:
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text}
        turn += 1
    assert turn == 3  # four pages of two, served 1-2-1-2
    assert seen == [item.identifier for item in store.values()]
