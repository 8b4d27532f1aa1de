"""Identify: every element the brief and the protocol require."""

from __future__ import annotations


def test_identify_complete(oai, helpers, store):
    root = oai.get(verb="Identify")
    ns = helpers.ns
    identify = root.find("oai:Identify", ns)
    assert identify.findtext("oai:repositoryName", namespaces=ns).startswith("iphub")
    assert identify.findtext("oai:baseURL", namespaces=ns) == "http://localhost/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=ns) == "2.0"
    assert identify.findtext("oai:adminEmail", namespaces=ns) == "coordinator@iphub.local"
    assert identify.findtext("oai:earliestDatestamp", namespaces=ns) == "2024-01-01T00:00:00Z"
    assert identify.findtext("oai:deletedRecord", namespaces=ns) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=ns) == "YYYY-MM-DDThh:mm:ssZ"
    assert [c.text for c in identify.findall("oai:compression", ns)] == ["gzip", "deflate"]
    description = identify.find("oai:description/id:oai-identifier", ns)
    assert description.findtext("id:repositoryIdentifier", namespaces=ns) == "iphub.local"
    assert description.findtext("id:sampleIdentifier", namespaces=ns) == store["R1"].identifier


def test_identify_empty_store_and_configured_base_url(app, oai, helpers):
    app.config["BASE_URL"] = "https://hub.example.org/oai"
    app.config["REPOSITORY_IDENTIFIER"] = "hub.example.org"
    root = oai.get(verb="Identify")
    ns = helpers.ns
    assert root.findtext("oai:Identify/oai:earliestDatestamp", namespaces=ns) == (
        "1970-01-01T00:00:00Z"
    )
    assert root.findtext("oai:Identify/oai:baseURL", namespaces=ns) == (
        "https://hub.example.org/oai"
    )
    assert root.findtext("oai:request", namespaces=ns) == "https://hub.example.org/oai"


def test_response_date_is_utc_with_z(oai, helpers):
    root = oai.get(verb="Identify")
    assert root.findtext("oai:responseDate", namespaces=helpers.ns).endswith("Z")
