"""An operator's mistakes, through the real ``iphub`` command: one sentence, the right exit
status, never a traceback; one endpoint's failure never stops the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from simulator.server import SimulatedOffice
from simulator.serving import running
from tests.harvester.conftest import iphub
from tests.harvester.fakeoffice import serve

NOISE = ("Traceback", "lease ", "HTTPConnectionPool", "urllib3", "Max retries")


def _clean(result) -> str:
    """stdout + stderr, checked free of tracebacks and internal detail."""
    text = result.stdout + result.stderr
    for noise in NOISE:
        assert noise not in text, text
    return text


def _config(folder: Path, url: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "config.py").write_text(f"DATABASE_URL = {url!r}\nSECRET_KEY = 's'\n")
    return folder


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("sqlite:///{tmp}/no-such-folder/iphub.sqlite", "cannot be reached"),
        ("postgresql://postgres@127.0.0.1:1/iphub", "cannot be reached"),
        ("sqlite:///{tmp}/new.sqlite", "run `iphub db upgrade` first"),
    ],
    ids=["sqlite-missing-folder", "postgresql-unreachable", "not-upgraded"],
)
@pytest.mark.parametrize("command", [("office", "list"), ("harvest",), ("runs",)])
def test_store_mistakes_are_one_sentence(tmp_path, url, words, command):
    instance = _config(tmp_path / "instance", url.format(tmp=tmp_path))
    result = iphub(instance, *command)
    assert result.returncode == 3
    assert words in _clean(result)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_not_upgraded_on_the_test_backend(instance):
    """The test's own database (SQLite or PostgreSQL schema), never migrated."""
    result = iphub(instance, "office", "list")
    assert result.returncode == 3 and "iphub db upgrade" in _clean(result)


@pytest.fixture
def office_url() -> Iterator[str]:
    """A simulated Cambodian office offering st66 and oai_dc."""
    with running(SimulatedOffice("KH", records=12, seed=1)) as url:
        yield url


@pytest.mark.parametrize(
    ("args", "status", "words"),
    [
        (("XYZ1", "--endpoint", "{url}"), 2, "not a WIPO ST.3 code"),
        (("KH", "--endpoint", "not-a-url"), 2, "not an http:// or https:// URL"),
        (("KH", "--endpoint", "ftp://office.example/oai"), 2, "not an http:// or https:// URL"),
        (("KH", "--endpoint", "{url}", "--metadata-prefix", "st 66"), 2, "not a valid"),
        (("KH", "--endpoint", "{url}", "--metadata-prefix", "st36"), 1, "does not offer"),
        (("KH", "--endpoint", "http://127.0.0.1:1/oai"), 1, "cannot connect to 127.0.0.1:1"),
        (("KH", "--endpoint", "{url}/nothing-here"), 1, "HTTP 404"),
    ],
    ids=["code", "not-a-url", "ftp", "prefix-syntax", "prefix-not-offered", "unreachable", "404"],
)
def test_office_add_refuses_at_once(db, instance, office_url, args, status, words):
    args = [a.format(url=office_url) for a in args]
    result = iphub(instance, "office", "add", *args, "--name", "Cambodia")
    assert result.returncode == status, result.stdout + result.stderr
    assert words in _clean(result)
    assert "office KH" not in result.stdout  # nothing added
    listed = iphub(instance, "office", "list")
    assert listed.returncode == 0 and "Cambodia" not in listed.stdout


def test_office_add_accepts_what_the_endpoint_offers(db, instance, office_url):
    result = iphub(instance, "office", "add", "KH", "--name", "Cambodia", "--endpoint",
                   office_url, "--metadata-prefix", "st66")  # fmt: skip
    assert result.returncode == 0 and "1 endpoint(s) added" in _clean(result)


def _not_oai(environ, start_response):
    """An XML application that is not OAI-PMH (a feed) at the registered URL."""
    return Response(b"<rss version='2.0'><channel/></rss>", mimetype="text/xml")(
        environ, start_response
    )


def test_harvest_reports_each_endpoint_and_goes_on(db, instance, office_url):
    with serve(_not_oai) as feed_url:
        endpoints = [
            ("KH", office_url, "st66"),  # healthy
            ("KH", office_url, "st36"),  # not offered: cannotDisseminateFormat
            ("LA", "http://127.0.0.1:1/oai", "st66"),  # unreachable
            ("TH", feed_url, "st66"),  # not OAI-PMH
        ]
        for code, url, prefix in endpoints:
            added = iphub(instance, "office", "add", code, "--name", code, "--endpoint", url,
                          "--metadata-prefix", prefix, "--no-check")  # fmt: skip
            assert added.returncode == 0, added.stderr
        result = iphub(instance, "harvest")
    text = _clean(result)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4, text  # one line per endpoint, no duplicate summaries
    by_endpoint = {" ".join(line.split()[:2]): line for line in lines}
    assert "succeeded" in by_endpoint["KH st66:"] and "12 new" in by_endpoint["KH st66:"]
    assert "does not offer this metadata prefix" in by_endpoint["KH st36:"]
    assert "cannot connect to 127.0.0.1:1" in by_endpoint["LA st66:"]
    assert "not an OAI-PMH endpoint" in by_endpoint["TH st66:"]
    assert result.stderr.strip() == ""
    runs = json.loads(iphub(instance, "runs", "--json").stdout)
    assert sorted(r["status"] for r in runs) == ["failed", "failed", "failed", "succeeded"]


@pytest.mark.parametrize("permanent", ["st36", "not-oai"])
def test_permanent_errors_are_not_retried(db, instance, office_url, permanent):
    requests: list[str] = []

    def feed(environ, start_response):
        requests.append(environ.get("QUERY_STRING", ""))
        return _not_oai(environ, start_response)

    with serve(feed) as feed_url:
        url, prefix = (office_url, "st36") if permanent == "st36" else (feed_url, "st66")
        iphub(instance, "office", "add", "KH", "--name", "KH", "--endpoint", url,
              "--metadata-prefix", prefix, "--no-check")  # fmt: skip
        result = iphub(instance, "harvest", "-v")
    assert result.returncode == 1
    assert "attempt 2" not in result.stderr, result.stderr  # -v logs every attempt
    if permanent == "not-oai":
        assert len(requests) <= 2, requests  # ListRecords, then GetRecord's fallback once


def test_upload_whose_records_all_failed_exits_non_zero(db, instance, tmp_path):
    iphub(instance, "office", "add", "KH", "--name", "Cambodia")
    broken = tmp_path / "broken.xml"
    broken.write_text("<Transaction xmlns='http://www.wipo.int/standards/XMLSchema/trademarks'/>")
    result = iphub(instance, "upload", "KH", str(broken), "--metadata-prefix", "st66")
    text = _clean(result)
    assert result.returncode == 1, text
    assert "KH st66: failed" in text, text
    assert "0 new, 0 updated, 0 unchanged, 0 deleted, 1 failed" in text, text
