"""Fault injection: each kind at the requested rate, reproducible, and never losing data."""

from __future__ import annotations

import time

import pytest
import requests
from lxml import etree
from sickle import Sickle

from simulator.faults import KINDS, FaultInjector
from simulator.server import SimulatedOffice
from simulator.serving import running

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
ST66_NS = "http://www.wipo.int/standards/XMLSchema/trademarks"


def test_each_kind_at_the_requested_rate_over_applicable_requests():
    injector = FaultInjector(0.05, seed=1)
    n = 8000
    for i in range(n):
        injector.decide({"verb": ["ListRecords"], "resumptionToken": [f"t{i}"]})
    injected = injector.stats()["injected"]
    assert set(injected) == set(KINDS)
    for kind in KINDS:
        assert 0.04 <= injected[kind] / n <= 0.06, (kind, injected[kind])


def test_kinds_only_where_they_apply_and_decisions_are_reproducible():
    def run() -> list:
        injector = FaultInjector(0.1, seed=2)
        return [injector.decide({"verb": ["Identify"], "n": [str(i)]}) for i in range(500)]

    first = run()
    assert first == run()
    kinds = {f.kind for f in first if f}
    assert "expired_token" not in kinds and "bad_record" not in kinds
    assert len(kinds) == 6


def test_a_retried_request_always_succeeds_eventually():
    injector = FaultInjector(0.125, seed=3, kinds=("reset",), max_consecutive=3)
    args = {"verb": ["ListRecords"], "metadataPrefix": ["st66"]}
    for _ in range(50):
        streak = 0
        while injector.decide(args):
            streak += 1
            assert streak <= 3


def _first_fault(office: SimulatedOffice, url: str) -> object:
    """Make requests until the office injects a fault; return what the client saw."""
    first = office.respond({"verb": ["ListRecords"], "metadataPrefix": ["st66"]}, url)  # no fault
    token = etree.fromstring(first).findtext(f".//{{{OAI_NS}}}resumptionToken")
    for i in range(400):
        before = sum(office.faults.injected.values())
        params = (
            {"verb": "ListRecords", "resumptionToken": token}
            if i % 2
            else {"verb": "GetRecord", "metadataPrefix": "st66", "identifier": office.identifier(i)}
        )
        try:
            seen: object = requests.get(url, params=params, timeout=0.5)
        except requests.RequestException as exc:
            seen = exc
        if sum(office.faults.injected.values()) > before:
            return seen
    pytest.fail("no fault injected")


@pytest.mark.parametrize("kind", KINDS)
def test_each_fault_kind_behaves_as_documented(kind):
    office = SimulatedOffice("TH", records=200, seed=1, faults=0.125, fault_kinds=(kind,),
                             page_size=20, fault_delay=1.0)  # fmt: skip
    with running(office) as url:
        seen = _first_fault(office, url)
    if kind == "slow":
        assert isinstance(seen, requests.Timeout)
    elif kind == "reset":
        assert isinstance(seen, requests.ConnectionError)
    else:
        assert isinstance(seen, requests.Response), seen
        if kind == "http_error":
            assert seen.status_code in (500, 502)
        elif kind == "unavailable":
            assert seen.status_code == 503 and seen.headers["Retry-After"] == "1"
        elif kind == "html":
            assert seen.status_code == 200 and seen.content.startswith(b"<!DOCTYPE html>")
        elif kind == "truncated":
            with pytest.raises(etree.XMLSyntaxError):
                etree.fromstring(seen.content)
        elif kind == "expired_token":
            assert b'code="badResumptionToken"' in seen.content
        elif kind == "bad_record":
            root = etree.fromstring(seen.content)
            payloads = [m[0] if len(m) else None for m in root.iter(f"{{{OAI_NS}}}metadata")]
            assert any(not _is_st66(p) for p in payloads)


def _is_st66(payload: etree._Element | None) -> bool:
    return payload is not None and payload.find(f".//{{{ST66_NS}}}TradeMark") is not None


class RetryingSickle(Sickle):
    """A harvester that retries everything transient, as iphub's must."""

    attempts = 0

    def harvest(self, **kwargs):  # type: ignore[no-untyped-def]
        for _ in range(30):
            self.attempts += 1
            try:
                response = super().harvest(**kwargs)
                root = response.xml
                if root.tag != f"{{{OAI_NS}}}OAI-PMH":
                    raise ValueError("not OAI-PMH")
                if root.find(f"{{{OAI_NS}}}error[@code='badResumptionToken']") is not None:
                    raise ValueError("token refused")
                metadata = list(root.iter(f"{{{OAI_NS}}}metadata"))
                if any(not _is_st66(m[0] if len(m) else None) for m in metadata):
                    raise ValueError("broken record")
                return response
            except (requests.RequestException, etree.XMLSyntaxError, ValueError):
                time.sleep(0.01)
        raise AssertionError("gave up")


def test_a_retrying_harvester_gets_everything_despite_faults():
    clean_office = SimulatedOffice("ID", records=600, seed=4, page_size=25)
    with running(clean_office) as url:
        clean = {r.header.identifier: r.raw for r in Sickle(url).ListRecords(metadataPrefix="st66")}
    office = SimulatedOffice("ID", records=600, seed=4, page_size=25, faults=0.05,
                             fault_delay=0.6, retry_after=0)  # fmt: skip
    with running(office) as url:
        sickle = RetryingSickle(url, timeout=0.3)
        faulty = [(r.header.identifier, r.raw) for r in sickle.ListRecords(metadataPrefix="st66")]
    assert len(faulty) == len(clean) and dict(faulty) == clean
    injected = office.faults.stats()["injected"]
    assert sum(injected.values()) >= 3, injected
    assert sickle.attempts > office.faults.stats()["requests"] - sum(injected.values()) - 1
