"""IPOS parties → ST.96: proprietor (applicant), agent, address for service, licensees.

IPOS writes a party as a flat ``company_details`` block (code, name, constitution, address lines
``company_addr1..4``, country, state, partners, trading name). The proprietor becomes
``tmk:Applicant``; the constitution decides through the vocabulary whether the name is a
person's or an organisation's (unknown constitutions keep the neutral ``com:EntityName``).
Agents carry no country, so their address stays unstructured text.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.sgtm.words import country_code, lookup
from mappings.st96 import append_filled, com, party_name, sub, sub_if, tmk

T = "/tmk:Trademark"
APP = f"{T}/tmk:ApplicantBag/tmk:Applicant"
RPR = f"{T}/com:RepresentativeBag/com:Representative"
CORR = f"{T}/com:CorrespondenceAddress"
USER = f"{T}/tmk:MarkUserBag/com:Contact"
_COMPANY_ADDRESS = ("company_addr1", "company_addr2", "company_addr3", "company_addr4")
_SEQ = com("sequenceNumber")


def _lines(ctx: MappingContext, el: etree._Element, tags: tuple[str, ...], path: str) -> list[str]:
    return [t for tag in tags for t, _ in ctx.texts(el, tag, path)]


def _name(parent: etree._Element, form: str, full: str) -> None:
    party_name(sub(parent, com("Name")), form, full)


def _address(contact: etree._Element, lines: list[str], country: str | None) -> None:
    if not lines:
        return
    postal = sub(sub(contact, com("PostalAddressBag")), com("PostalAddress"))
    if country:
        structured = sub(postal, com("PostalStructuredAddress"))
        for seq, line in enumerate(lines, 1):
            sub(structured, com("AddressLineText"), line, **{_SEQ: str(seq)})
        sub(structured, com("CountryCode"), country)
    else:
        for seq, line in enumerate(lines, 1):
            sub(postal, com("PostalAddressText"), line, **{_SEQ: str(seq)})


def map_proprietor(
    ctx: MappingContext, rec: etree._Element, out: etree._Element, kind: str
) -> None:
    """tmk:ApplicantBag from company_details (Trademark) or name/address (6ter, R13)."""
    bag = etree.Element(tmk("ApplicantBag"))
    if kind == "Trademark":
        for seq, company in enumerate(ctx.findall(rec, "company_details"), 1):
            _company_applicant(ctx, company, bag, seq)
    else:
        name = ctx.text(rec, "name", f"{APP}/com:Contact/com:Name")
        if name:
            applicant = sub(bag, tmk("Applicant"), **{_SEQ: "1"})
            contact = sub(applicant, com("Contact"))
            form = "legal entity" if kind == "Article6ter" else ""
            _name(contact, form, name)
            _address(contact, _lines(ctx, rec, ("address",), f"{APP}/com:Contact"), None)
    if len(bag):
        out.append(bag)
    elif kind == "Trademark":
        ctx.report(
            "TM-APPLICANT-MISSING",
            "error",
            APP,
            "The record has no proprietor (company_details with a company_name).",
            "Export company_details for every trademark.",
        )


def _company_applicant(
    ctx: MappingContext, company: etree._Element, bag: etree._Element, seq: int
) -> None:
    name = ctx.text(company, "company_name", f"{APP}/com:Contact/com:Name")
    code = ctx.text(company, "company_code", f"{APP}/com:PartyIdentifier")
    if name is None:
        ctx.report(
            "TM-APPLICANT-NAME-MISSING",
            "error",
            f"{APP}/com:Contact/com:Name",
            f"Proprietor {seq} has no company_name; it was left out of the ST.96 record.",
            "Export the proprietor's name.",
        )
        return
    constitution = ctx.text(company, "constitution", f"{APP}/com:LegalEntityName")
    form = ""
    if constitution is None:
        ctx.report(
            "TM-APPLICANT-LEGAL-ENTITY-MISSING",
            "info",
            f"{APP}/com:Contact/com:Name",
            "The proprietor has no constitution (individual, company, ...); the name is "
            "published as com:EntityName.",
            "Export the constitution of every proprietor.",
        )
    else:
        form = (
            lookup(
                ctx,
                "constitution",
                constitution,
                f"{APP}/com:LegalEntityName",
                "it is kept in com:LegalEntityName and the name published as com:EntityName",
            )
            or ""
        )
    country = country_code(
        ctx,
        ctx.text(company, "country", f"{APP}/com:IncorporationCountryCode"),
        f"{APP}/com:IncorporationCountryCode",
    )
    applicant = sub(bag, tmk("Applicant"), **{_SEQ: str(seq)})
    sub_if(applicant, com("PartyIdentifier"), code)
    sub_if(applicant, com("LegalEntityName"), constitution)
    contact = sub(applicant, com("Contact"))
    _name(contact, form, name)
    lines = _lines(ctx, company, _COMPANY_ADDRESS, f"{APP}/com:Contact/com:PostalAddressBag")
    _address(contact, lines, country)
    if country and form == "natural person":
        sub(applicant, com("NationalityCode"), country)
    elif country and form == "legal entity":
        sub(applicant, com("IncorporationCountryCode"), country)
    state = ctx.text(company, "state", f"{APP}/com:IncorporationState")
    sub_if(applicant, com("IncorporationState"), state)
    notes = []
    trading = ctx.text(company, "business_name", f"{APP}/com:CommentText")
    if trading:
        notes.append(f"Trading as: {trading}")
    partners = [t for t, _ in ctx.texts(company, "partner", f"{APP}/com:CommentText")]
    if partners:
        notes.append("Partners: " + "; ".join(partners))
    if notes:
        sub(applicant, com("CommentText"), ". ".join(notes))


def map_agents(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    bag = etree.Element(com("RepresentativeBag"))
    for seq, agent in enumerate(ctx.findall(rec, "agent_afs_details/agent_details"), 1):
        name = ctx.text(agent, "agent_name", f"{RPR}/com:Contact/com:Name")
        code = ctx.text(agent, "agent_code", f"{RPR}/com:PartyIdentifier")
        if name is None and code is None:
            ctx.report(
                "TM-REPRESENTATIVE-NAME-MISSING",
                "error",
                f"{RPR}/com:Contact/com:Name",
                f"Agent {seq} has neither agent_name nor agent_code; it was left out.",
                "Export the agent's name and code.",
            )
            continue
        rep = sub(bag, com("Representative"), **{_SEQ: str(seq)})
        sub_if(rep, com("PartyIdentifier"), code)
        if name:
            contact = sub(rep, com("Contact"))
            _name(contact, "", name)
            lines = _lines(
                ctx,
                agent,
                ("agent_addr1", "agent_addr2", "agent_addr3"),
                f"{RPR}/com:Contact/com:PostalAddressBag",
            )
            _address(contact, lines, None)
        raw = ctx.required(
            agent,
            "type",
            f"{RPR}/com:RepresentativeCategory",
            "SG-TM-AGENT-TYPE-MISSING",
            f"Agent {name or code} has no type; no com:RepresentativeCategory is published.",
            "Export the agent type (Registered Trade Mark Agent, Law Firm, ...).",
            severity="warning",
        )
        if raw is not None:
            category = lookup(
                ctx,
                "agent_type",
                raw,
                f"{RPR}/com:RepresentativeCategory",
                "it is kept verbatim in com:RepresentativeCategory (free text is allowed there)",
            )
            sub(rep, com("RepresentativeCategory"), category or raw)
        firm = ctx.text(agent, "co_name", f"{RPR}/com:CommentText")
        if firm:
            sub(rep, com("CommentText"), f"c/o {firm}")
    append_filled(out, bag)


def map_users(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    """tmk:MarkUserBag: one com:Contact per licensee (the licence terms are events)."""
    bag = etree.Element(tmk("MarkUserBag"))
    for company in ctx.findall(rec, "licensee_details/licensee/company_details"):
        name = ctx.text(company, "company_name", f"{USER}/com:Name")
        if name is None:
            continue
        contact = sub(bag, com("Contact"))
        _name(contact, "", name)
        country = country_code(
            ctx, ctx.text(company, "country", USER), f"{USER}/com:PostalAddressBag"
        )
        _address(contact, _lines(ctx, company, _COMPANY_ADDRESS, USER), country)
    if len(bag):
        sub(bag, com("CommentText"), "Licensees recorded at IPOS")
        out.append(bag)


def map_address_for_service(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    """com:CorrespondenceAddress from the first afs_details (ST.96 holds one)."""
    afs = ctx.find(rec, "agent_afs_details/afs_details")
    if afs is None:
        return
    tags = ("afs_addr1", "afs_addr2", "afs_addr3", "agent_addr1", "agent_addr2")
    lines = _lines(ctx, afs, tags, f"{CORR}/com:Contact/com:PostalAddressBag")
    name = ctx.text(afs, "co_name", f"{CORR}/com:Contact/com:Name")
    raw = ctx.text(afs, "type", f"{CORR}/com:CorrespondenceAddressPartyCategory")
    if name is None and not lines:
        return
    address = etree.Element(com("CorrespondenceAddress"))
    if raw is not None:
        category = lookup(
            ctx, "afs_type", raw, f"{CORR}/com:CorrespondenceAddressPartyCategory", "it is left out"
        )
        sub_if(address, com("CorrespondenceAddressPartyCategory"), category)
    contact = sub(address, com("Contact"))
    if name:
        _name(contact, "", name)
        _address(contact, lines, None)
    else:
        sub(contact, com("ContactText"), ", ".join(lines))
    out.append(address)


def describe_company(ctx: MappingContext, company: etree._Element, path: str) -> str:
    """One line for an event text: 'Name (code), constitution, address, country'."""
    name = ctx.text(company, "company_name", path) or "unnamed party"
    code = ctx.text(company, "company_code", path)
    parts = [f"{name} ({code})" if code else name]
    trading = ctx.text(company, "business_name", path)
    if trading:
        parts.append(f"trading as {trading}")
    for tag in ("constitution", "partner", *_COMPANY_ADDRESS, "state", "country"):
        parts += [t for t, _ in ctx.texts(company, tag, path)]
    return ", ".join(parts)
