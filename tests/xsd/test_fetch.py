"""``iphub xsd fetch`` against a local server serving the installed schema sets as their
publishers do: ST.96 as WIPO's zip, the OAI-PMH set as files importing each other by URL."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path

import pytest

from iphub.cli import cli
from xsd import fetch, locate


def _published(oai: Path) -> dict[str, bytes]:
    """The OAI-PMH set as served by its publishers: imports by absolute URL."""
    published = {}
    for name in locate.OAI_FILES:
        payload = (oai / name).read_bytes()
        for other, url in fetch.OAI_URLS.items():
            payload = payload.replace(f'schemaLocation="{other}"'.encode(),
                                      f'schemaLocation="{url}"'.encode())  # fmt: skip
        published[f"/oai/{name}"] = payload
    return published


@pytest.fixture
def served_zip(st96_dir: Path, oai_xsd_dir: Path, tmp_path: Path):
    """A local HTTP server: /st96.zip holds the ST.96 set in WIPO's folder layout, /oai/ the
    OAI-PMH set."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for xsd in sorted(st96_dir.glob("*.xsd")):
            archive.write(xsd, f"ST96_V6_0/{xsd.name}")
        archive.writestr("../../escape.xsd", "<x/>")  # a hostile member name
        archive.writestr("README.txt", "not a schema")
    payloads = {"/st96.zip": buffer.getvalue(), "/not-a-zip": b"<html>maintenance</html>",
                **_published(oai_xsd_dir)}  # fmt: skip

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


def test_fetch_oai_installs_a_set_that_validates_offline(served_zip, tmp_path, monkeypatch):
    from lxml import etree

    dest = fetch.fetch_oai(tmp_path / "oai", base=f"{served_zip}/oai")
    assert b"http://" not in (dest / "oai_dc.xsd").read_bytes().split(b"schemaLocation")[1][:40]
    parser = etree.XMLParser(no_network=True)
    etree.XMLSchema(etree.parse(str(dest / "oai_dc.xsd"), parser))  # imports found locally
    monkeypatch.setenv(locate.OAI_ENV_VAR, str(dest))
    assert locate.oai_dir() == dest


def test_fetch_oai_refuses_what_is_not_a_schema(served_zip, tmp_path):
    with pytest.raises(fetch.FetchError, match="could not download"):
        fetch.fetch_oai(tmp_path / "oai", base=f"{served_zip}/nothing-here")
    assert not (tmp_path / "oai").exists(), "a half set is never installed"


def _without_schemas(monkeypatch) -> None:
    monkeypatch.setattr(locate, "_DEFAULT_CANDIDATES", ())
    monkeypatch.setattr(locate, "_OAI_CANDIDATES", ())
    monkeypatch.delenv(locate.ENV_VAR, raising=False)
    monkeypatch.delenv(locate.OAI_ENV_VAR, raising=False)


def test_cli_fetch_then_status(served_zip, tmp_path, monkeypatch):
    from click.testing import CliRunner

    _without_schemas(monkeypatch)
    dest, oai = tmp_path / "st96", tmp_path / "oai"
    result = CliRunner().invoke(cli, ["xsd", "fetch", "--url", f"{served_zip}/st96.zip",
                                      "--dest", str(dest), "--oai-base", f"{served_zip}/oai",
                                      "--oai-dest", str(oai)])  # fmt: skip
    assert result.exit_code == 0, result.output
    monkeypatch.setenv(locate.ENV_VAR, str(dest))
    monkeypatch.setenv(locate.OAI_ENV_VAR, str(oai))
    status = CliRunner().invoke(cli, ["xsd", "status"])
    assert str(dest) in status.output and str(oai) in status.output
    again = CliRunner().invoke(cli, ["xsd", "fetch", "--url", "http://127.0.0.1:1/x.zip"])
    assert again.exit_code == 0 and "installed" not in again.output  # present: not fetched


@pytest.mark.parametrize(("flag", "code"), [("--optional", 0), (None, 1)])
def test_cli_fetch_offline_is_one_line(tmp_path, monkeypatch, flag, code):
    """Offline without a copy: one line naming the command; --optional (make test) exits 0."""
    from click.testing import CliRunner

    _without_schemas(monkeypatch)
    args = ["xsd", "fetch", "--url", "http://127.0.0.1:1/st96.zip", "--oai-base",
            "http://127.0.0.1:1/oai", "--dest", str(tmp_path / "a"), "--oai-dest",
            str(tmp_path / "b"), *([flag] if flag else [])]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "iphub xsd fetch" in lines[0] and "cannot reach" in lines[0]
    assert "Traceback" not in result.output


def test_status_without_schemas_says_where_to_put_them(tmp_path, monkeypatch):
    from click.testing import CliRunner

    _without_schemas(monkeypatch)
    result = CliRunner().invoke(cli, ["xsd", "status"])
    assert "IPHUB_ST96_XSD_DIR" in result.output and "iphub xsd fetch" in result.output
