"""``iphub xsd fetch`` against a local server serving a zip of the reference ST.96 set."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path

import pytest

from node.cli import cli
from xsd import fetch


@pytest.fixture
def served_zip(shared_dir: Path, tmp_path: Path):
    """A local HTTP server whose /st96.zip holds ../shared/st96/V6_0 in WIPO's folder layout."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for xsd in sorted((shared_dir / "st96" / "V6_0").glob("*.xsd")):
            archive.write(xsd, f"ST96_V6_0/{xsd.name}")
        archive.writestr("../../escape.xsd", "<x/>")  # a hostile member name
        archive.writestr("README.txt", "not a schema")
    payloads = {"/st96.zip": buffer.getvalue(), "/not-a-zip": b"<html>maintenance</html>"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = payloads.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_fetch_installs_a_flat_schema_set(served_zip, tmp_path):
    dest = tmp_path / "st96"
    fetch.fetch(f"{served_zip}/st96.zip", dest)
    assert (dest / "Common_V6_0.xsd").is_file()
    assert (dest / "TrademarkApplication_V6_0.xsd").is_file()
    assert not (tmp_path / "escape.xsd").exists(), "member names must not escape the folder"
    assert not (dest / "README.txt").exists()


def test_fetched_schemas_validate(served_zip, tmp_path, monkeypatch):
    from lxml import etree

    dest = tmp_path / "st96"
    fetch.fetch(f"{served_zip}/st96.zip", dest)
    schema = etree.XMLSchema(etree.parse(str(dest / "TrademarkApplication_V6_0.xsd")))
    assert schema is not None


@pytest.mark.parametrize(
    ("path", "words"), [("/not-a-zip", "not return a zip"), ("/missing.zip", "could not download")]
)
def test_fetch_refuses_what_is_not_the_package(served_zip, tmp_path, path, words):
    with pytest.raises(fetch.FetchError, match=words):
        fetch.fetch(served_zip + path, tmp_path / "st96")


def test_cli_fetch_then_status(served_zip, tmp_path, monkeypatch):
    from click.testing import CliRunner

    dest = tmp_path / "st96"
    result = CliRunner().invoke(
        cli, ["xsd", "fetch", "--url", f"{served_zip}/st96.zip", "--dest", str(dest)]
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("IPHUB_ST96_XSD_DIR", str(dest))
    status = CliRunner().invoke(cli, ["xsd", "status"])
    assert str(dest) in status.output


def test_status_without_schemas_says_where_to_put_them(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from xsd import locate

    monkeypatch.setattr(locate, "_DEFAULT_CANDIDATES", ())
    monkeypatch.delenv("IPHUB_ST96_XSD_DIR", raising=False)
    result = CliRunner().invoke(cli, ["xsd", "status"])
    assert "IPHUB_ST96_XSD_DIR" in result.output and "iphub xsd fetch" in result.output
