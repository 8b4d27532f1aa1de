"""IPAS ST.86 parties (applicants, designers, representatives) → ST.96 design parties.

IPAS gives every party a ``...AddressBook/FormattedNameAddress`` with free-format name lines
(one per language, e.g. a Latin line and a ``languageCode="kh"`` line) and free-format address
lines. Whether a party is a person or an organisation is rarely sent (only Singapore's
``ApplicantLegalEntity``), so the name goes to ``com:EntityName``, which ST.96 defines as "the
name used if the party is not specified as an organization or person"; when the office does say
it, ``com:PersonName`` / ``com:OrganizationName`` are used instead.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, DGN, every, first, quoted_values, text_of
from mappings.framework.values import is_code
from mappings.st96 import party_name

SubElement = etree.SubElement

NATURAL = "natural person"
LEGAL = "legal entity"


def add_contact(
    parent: etree._Element,
    book: etree._Element | None,
    ctx: MappingContext,
    kind: str | None = None,
) -> bool:
    """Append ``com:Contact`` built from an IPAS address book; False when it holds no name.

    ``kind`` is ``"natural person"``, ``"legal entity"`` or None (unknown).
    """
    if book is None:
        return False
    s = ctx.src
    fna = first(book, s.FormattedNameAddress)
    if fna is None:
        return False
    names = _names_by_language(first(fna, s.path("Name/FreeFormatName/FreeFormatNameDetails")), ctx)
    if not names:
        return False
    contact = SubElement(parent, COM.Contact)
    name = SubElement(contact, COM.Name)
    for lang, text in names:
        party_name(name, kind or "", text, lang)
    _address(contact, first(fna, s.Address), ctx)
    return True


def _names_by_language(
    details: etree._Element | None, ctx: MappingContext
) -> list[tuple[str | None, str]]:
    """One name per language: lines of the same language are one name written over lines."""
    if details is None:
        return []
    grouped: dict[str | None, list[str]] = {}
    for lang, text in ctx.tagged(list(details.iterchildren(ctx.src.FreeFormatNameLine))):
        grouped.setdefault(lang, []).append(text)
    return [(lang, " ".join(lines)) for lang, lines in grouped.items()]


def _address(contact: etree._Element, address: etree._Element | None, ctx: MappingContext) -> None:
    if address is None:
        return
    s = ctx.src
    lines = [
        t
        for t in map(text_of, every(address, s.path("FreeFormatAddress/FreeFormatAddressLine")))
        if t
    ]
    country = text_of(first(address, s.AddressCountryCode)).upper()
    if not lines and not country:
        return
    postal = SubElement(SubElement(contact, COM.PostalAddressBag), COM.PostalAddress)
    if not lines:
        # A structured address needs its lines; the country alone is the address as far as
        # the office knows it, so it is kept as the address text rather than dropped.
        SubElement(postal, COM.PostalAddressText).text = country
    elif country and is_code("country", country):
        structured = SubElement(postal, COM.PostalStructuredAddress)
        for seq, line in enumerate(lines, 1):
            SubElement(structured, COM.AddressLineText, {COM.sequenceNumber: str(seq)}).text = line
        SubElement(structured, COM.CountryCode).text = country
    else:
        for line in lines:
            SubElement(postal, COM.PostalAddressText).text = line


def _code(el: etree._Element | None, kind: str) -> str | None:
    value = text_of(el).upper()
    return value if value and is_code(kind, value) else None


def _kind(applicant: etree._Element, ctx: MappingContext) -> tuple[str | None, str]:
    """(``natural person`` | ``legal entity`` | None, the office's own word)."""
    raw = text_of(first(applicant, ctx.src.ApplicantLegalEntity))
    if not raw:
        return None, ""
    kind = ctx.vocab.lookup("legal_entity", raw) if ctx.vocab is not None else None
    if kind is None:
        kind = ctx.sup.lookup("legal_entity", raw)
    return (kind if kind in (NATURAL, LEGAL) else None), raw


def applicants(
    design: etree._Element, application: etree._Element, ctx: MappingContext
) -> etree._Element:
    """``dgn:ApplicantBag`` (required by ST.96): the design's applicants, else the application's
    applicant keys as party identifiers, else a generated placeholder with a finding."""
    s = ctx.src
    bag = etree.Element(DGN.ApplicantBag)
    expect_kind = ctx.sup.setting("legal_entity_indicator_expected")
    keys = _applicant_keys(application, ctx)
    for index, source in enumerate(every(design, s.path("ApplicantDetails/Applicant")), 1):
        kind, raw_kind = _kind(source, ctx)
        applicant = etree.Element(DGN.Applicant)
        seq = text_of(first(source, s.ApplicantSequenceNumber))
        applicant.set(COM.sequenceNumber, seq if seq.isdigit() else str(index))
        nationality = _code(first(source, s.ApplicantNationalityCode), "country")
        if nationality:
            SubElement(applicant, COM.NationalityCode).text = nationality
        if raw_kind:
            SubElement(applicant, COM.LegalEntityName).text = raw_kind
        incorporation = _code(first(source, s.ApplicantIncorporationCountryCode), "country")
        if incorporation:
            SubElement(applicant, COM.IncorporationCountryCode).text = incorporation
        state = text_of(first(source, s.ApplicantIncorporationState))
        if state:
            SubElement(applicant, COM.IncorporationState).text = state
        party = _code(first(source, s.ApplicantContractingParty), "office")
        if party:
            SubElement(applicant, DGN.ApplicantContractingParty).text = party
        # the application's applicant keys name the design's applicants in the same order
        identifier = text_of(first(source, s.ApplicantIdentifier)) or (
            keys[index - 1] if index <= len(keys) else ""
        )
        if identifier:
            SubElement(applicant, COM.PartyIdentifier).text = identifier
        has_contact = add_contact(applicant, first(source, s.ApplicantAddressBook), ctx, kind)
        if not (has_contact or identifier):
            ctx.report(
                "SRC-EMPTY-ELEMENT",
                "warning",
                f"dgn:ApplicantBag/dgn:Applicant[{index}]",
                "An applicant has neither a name nor an identifier; it was left out (sent: "
                f"{quoted_values(source)}).",
                "Send the applicant's name in ApplicantAddressBook.",
            )
            continue
        if kind is None:
            # A defect where the office's format has the indicator (Singapore), otherwise a
            # note: most IPAS design exports never say it.
            ctx.report(
                "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
                "warning" if (expect_kind or raw_kind) else "info",
                f"dgn:ApplicantBag/dgn:Applicant[{index}]/com:Contact/com:Name",
                "The applicant is not marked as a natural person or a legal entity"
                + (f" ({raw_kind!r} is not a known word)" if raw_kind else "")
                + "; the name is published as com:EntityName.",
                "Send ApplicantLegalEntity (e.g. 'Individual' or 'Company').",
            )
        bag.append(applicant)
    if len(bag):
        return bag
    ids = SubElement(bag, COM.PartyIdentifierBag)
    if keys:
        for key in keys:
            SubElement(ids, COM.PartyIdentifier).text = key
        return bag
    SubElement(ids, COM.PartyIdentifier).text = "UNKNOWN"
    ctx.report(
        "PARTY-APPLICANT-MISSING",
        "error",
        "dgn:ApplicantBag",
        "The design has no applicant; ST.96 requires one, so the hub wrote the placeholder "
        "identifier 'UNKNOWN'.",
        "Send the applicant's name and address.",
        generated=True,
    )
    return bag


def _applicant_keys(application: etree._Element, ctx: MappingContext) -> list[str]:
    """The application's ``ApplicantKey`` values (IPAS: the key as text, Singapore: in
    ``Identifier``)."""
    s = ctx.src
    keys = [
        text_of(first(k, s.Identifier)) or text_of(k)
        for k in every(application, s.path("ApplicantDetails/ApplicantKey"))
    ]
    return [k for k in keys if k]


def designers(design: etree._Element, ctx: MappingContext) -> etree._Element | None:
    """``dgn:DesignerBag`` from ``DesignerDetails``, None when no designer has a name."""
    s = ctx.src
    bag = etree.Element(DGN.DesignerBag)
    for index, source in enumerate(every(design, s.path("DesignerDetails/Designer")), 1):
        designer = etree.Element(DGN.Designer)
        designer.set(COM.sequenceNumber, str(index))
        # The designer (the creator) is a natural person by definition in the design laws.
        if add_contact(designer, first(source, s.DesignerAddressBook), ctx, NATURAL):
            bag.append(designer)
    return bag if len(bag) else None


def representatives(design: etree._Element, ctx: MappingContext) -> etree._Element | None:
    """``com:RepresentativeBag`` from ``RepresentativeDetails``."""
    s = ctx.src
    bag = etree.Element(COM.RepresentativeBag)
    for index, source in enumerate(
        every(design, s.path("RepresentativeDetails/Representative")), 1
    ):
        rep = etree.Element(COM.Representative)
        rep.set(COM.sequenceNumber, str(index))
        identifier = text_of(first(source, s.RepresentativeIdentifier))
        if identifier:
            SubElement(rep, COM.PartyIdentifier).text = identifier
        has_contact = add_contact(rep, first(source, s.RepresentativeAddressBook), ctx)
        if not (identifier or has_contact):
            continue
        nationality = _code(first(source, s.RepresentativeNationalityCode), "country")
        if nationality:
            SubElement(rep, COM.NationalityCode).text = nationality
        kind_code = text_of(first(source, s.RepresentativeKindCode))
        category = ctx.sup.lookup("representative_category", kind_code) if kind_code else None
        if category:
            SubElement(rep, COM.RepresentativeCategory).text = category
        comment = text_of(first(source, s.Comment))
        if kind_code and not category:
            comment = f"{kind_code}; {comment}" if comment else kind_code
        if comment:
            SubElement(rep, COM.CommentText).text = comment
        bag.append(rep)
    return bag if len(bag) else None
