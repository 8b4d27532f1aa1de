"""ST.66 applicants and representatives (IPAS name/address books) → ST.96 parties.

IPAS writes names as free-format lines, optionally repeated per language. ST.96 allows several
``com:Contact`` per party, each with its own ``com:languageCode``, so every language variant is
kept. Whether the name is a person's or an organisation's comes from the legal-entity
indicator through the office vocabulary; without it the neutral ``com:EntityName`` is used.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.values import lang_sub
from mappings.model import Finding
from mappings.st96 import com, party_name, sub, sub_if, tmk

T = "/tmk:Trademark"
_SEQUENCE_NUMBER = com("sequenceNumber")


class PartyKind:
    """The source names and ST.96 paths of one kind of party, spelled out once at import
    instead of formatted for every party of every record (a record has a few parties, each
    asking a dozen questions)."""

    __slots__ = (
        "address_path",
        "bag_tag",
        "book",
        "details",
        "identifier",
        "incorporation_country",
        "incorporation_state",
        "kind",
        "legal_entity",
        "legal_entity_missing",
        "name_path",
        "nationality",
        "party_tag",
        "path",
        "sequence",
    )

    def __init__(self, kind: str, bag_tag: str, party_tag: str, path: str) -> None:
        self.kind = kind  # "Applicant" | "Representative"
        self.bag_tag = bag_tag
        self.party_tag = party_tag
        self.path = path  # ST.96 path of the party, for findings
        self.details = f"{kind}Details/{kind}"
        self.book = f"{kind}AddressBook/FormattedNameAddress"
        self.sequence = f"{kind}SequenceNumber"
        self.identifier = f"{kind}Identifier"
        self.legal_entity = f"{kind}LegalEntity"
        self.nationality = f"{kind}NationalityCode"
        self.incorporation_country = f"{kind}IncorporationCountryCode"
        self.incorporation_state = f"{kind}IncorporationState"
        self.name_path = f"{path}/com:Contact/com:Name"
        self.address_path = f"{path}/com:Contact/com:PostalAddressBag/com:PostalAddress"
        # the same for every party without the indicator (most IPAS exports): built once
        self.legal_entity_missing = Finding(
            f"TM-{kind.upper()}-LEGAL-ENTITY-MISSING",
            "info",
            self.name_path,
            f"The {kind.lower()} has no legal-entity indicator (natural person or legal "
            "entity); the name is published as com:EntityName.",
            f"Export {kind}LegalEntity.",
        )


APPLICANT = PartyKind(
    "Applicant", tmk("ApplicantBag"), tmk("Applicant"), f"{T}/tmk:ApplicantBag/tmk:Applicant"
)
REPRESENTATIVE = PartyKind(
    "Representative",
    com("RepresentativeBag"),
    com("Representative"),
    f"{T}/com:RepresentativeBag/com:Representative",
)


def map_applicants(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> list[str]:
    """Append tmk:ApplicantBag; returns the applicants' primary names (for oai_dc)."""
    return _parties(ctx, tm, out, APPLICANT)


def map_representatives(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> list[str]:
    """Append com:RepresentativeBag; returns the representatives' primary names."""
    return _parties(ctx, tm, out, REPRESENTATIVE)


def _parties(
    ctx: MappingContext, tm: etree._Element, out: etree._Element, party: PartyKind
) -> list[str]:
    names: list[str] = []
    bag = sub(out, party.bag_tag)  # removed again when it stays empty
    for seq, source in enumerate(ctx.findall(tm, party.details), 1):
        name = _party(ctx, source, party, bag, seq)
        if name:
            names.append(name)
    if not len(bag):
        out.remove(bag)
    return names


def _party(
    ctx: MappingContext,
    source: etree._Element,
    party: PartyKind,
    bag: etree._Element,
    seq: int,
) -> str | None:
    kind, path = party.kind, party.path
    book = ctx.find(source, party.book)
    name_lines: dict[str, list[str]] = {}
    address_lines: list[str] = []
    country = None
    if book is not None:
        for text, lang in ctx.texts(
            book, "Name/FreeFormatName/FreeFormatNameDetails/FreeFormatNameLine", party.name_path
        ):
            name_lines.setdefault(lang, []).append(text)
        address_path = party.address_path
        address_lines = [
            t
            for t, _ in ctx.texts(
                book, "Address/FreeFormatAddress/FreeFormatAddressLine", address_path
            )
        ]
        country = ctx.code(
            "country",
            ctx.text(book, "Address/AddressCountryCode", address_path),
            f"{address_path}//com:CountryCode",
        )
    if not name_lines:
        ctx.report(
            f"TM-{kind.upper()}-NAME-MISSING",
            "error",
            party.name_path,
            f"{kind} {seq} has no name; it was left out of the ST.96 record.",
            f"Export the {kind.lower()}'s name (FreeFormatNameLine).",
        )
        return None
    seq_attr = ctx.text(source, party.sequence) or str(seq)
    element = sub(bag, party.party_tag)
    element.set(_SEQUENCE_NUMBER, seq_attr if seq_attr.isdigit() else str(seq))
    identifier = ctx.text(source, party.identifier, f"{path}/com:PartyIdentifier")
    legal = ctx.text(source, party.legal_entity, f"{path}/com:LegalEntityName")
    sub_if(element, com("PartyIdentifier"), identifier)
    sub_if(element, com("LegalEntityName"), legal)
    form = _name_form(ctx, legal, party)
    primary = None
    for index, (lang, lines) in enumerate(name_lines.items()):
        contact = lang_sub(element, com("Contact"), None, lang)
        full = " ".join(lines)
        primary = primary or full
        party_name(sub(contact, com("Name")), form, full)
        if index == 0 and (address_lines or country):
            _address(ctx, contact, address_lines, country, path)
    nationality = ctx.code(
        "country", ctx.text(source, party.nationality), f"{path}/com:NationalityCode"
    )
    sub_if(element, com("NationalityCode"), nationality)
    incorporation = ctx.code(
        "country",
        ctx.text(source, party.incorporation_country),
        f"{path}/com:IncorporationCountryCode",
    )
    sub_if(element, com("IncorporationCountryCode"), incorporation)
    state = ctx.text(source, party.incorporation_state, f"{path}/com:IncorporationState")
    sub_if(element, com("IncorporationState"), state)
    if kind == "Representative":
        category = ctx.text(source, "RepresentativeKindCode", f"{path}/com:RepresentativeCategory")
        sub_if(element, com("RepresentativeCategory"), category)
    return primary


def _name_form(ctx: MappingContext, legal: str | None, party: PartyKind) -> str:
    """The name's form for :func:`~mappings.st96.party_name` ('natural person', 'legal entity',
    else the neutral 'entity')."""
    if legal is None:
        ctx.findings.append(party.legal_entity_missing)
        return "entity"
    form = ctx.lookup(
        "legal_entity",
        legal,
        f"{party.path}/com:LegalEntityName",
        "it is kept in com:LegalEntityName and the name published as com:EntityName",
    )
    return "entity" if form is None else form


def _address(
    ctx: MappingContext, contact: etree._Element, lines: list[str], country: str | None, path: str
) -> None:
    """Structured address when the country is known (ST.96 requires it there), else text."""
    postal = sub(sub(contact, com("PostalAddressBag")), com("PostalAddress"))
    if country is None:
        for seq, line in enumerate(lines, 1):
            lang_sub(postal, com("PostalAddressText"), line, "", seq)
        return
    structured = sub(postal, com("PostalStructuredAddress"))
    if not lines:
        lines = [""]
        ctx.report(
            "TM-ADDRESS-LINES-MISSING",
            "info",
            f"{path}/com:Contact/com:PostalAddressBag/com:PostalAddress/com:PostalStructuredAddress",
            "The address has a country but no address lines; ST.96 requires a line, so an empty "
            "com:AddressLineText was written to keep the country.",
            "Export the address lines (FreeFormatAddressLine).",
            generated=True,
        )
    for seq, line in enumerate(lines, 1):
        lang_sub(structured, com("AddressLineText"), line, "", seq)
    sub(structured, com("CountryCode"), country)
