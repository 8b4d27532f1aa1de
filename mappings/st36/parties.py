"""ST.36 ``parties`` (applicants, inventors, agents) → ST.96 ``pat:PartyBag``.

ST.36 writes each party's ``addressbook`` once per language (``lang="th"``, ``lang="en"``):
they become one ``com:Contact`` with one name per language, because ST.96 allows at most two
contacts per party. Whether an applicant is a natural person or a legal entity is carried by the
``entity-type`` attribute of ``applicant`` (``natural-person`` | ``legal-entity``, the national
extension the ASEAN offices' ST.36 exports use); without it the name is published as the
neutral ``com:EntityName`` and ``PARTY-NATURAL-PERSON-INDICATOR-MISSING`` is reported.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, PAT, every, first, quoted_values, text_of
from mappings.framework.values import is_code
from mappings.st36.codes import APPLICANT_CATEGORY, DESIGNATION, PRACTITIONER

SubElement = etree.SubElement

NATURAL = "natural person"
LEGAL = "legal entity"

ENTITY_TYPES = {
    "natural-person": NATURAL,
    "natural": NATURAL,
    "legal-entity": LEGAL,
    "legal": LEGAL,
}
_LINES = ("address-1", "address-2", "address-3", "address-4", "address-5", "building", "street")
_REGIONS = ("county", "state")


def party_bag(bib: etree._Element, ctx: MappingContext) -> etree._Element:
    """The mandatory ``pat:PartyBag``; a generated placeholder applicant when none is sent."""
    bag = etree.Element(PAT.PartyBag)
    parties = _national(bib, "parties", ctx)
    if parties is not None:
        for kind in _KINDS:
            _members(bag, parties, ctx, kind)
    if first(bag, PAT.ApplicantBag) is None:
        ctx.report(
            "PARTY-APPLICANT-MISSING",
            "error",
            "pat:PartyBag/pat:ApplicantBag",
            "The record has no applicant; ST.96 requires a party, so the hub wrote the "
            "placeholder name 'UNKNOWN'.",
            "Send parties/applicants/applicant with an addressbook.",
            generated=True,
        )
        applicant = SubElement(SubElement(bag, PAT.ApplicantBag), PAT.Applicant)
        applicant.set(COM.sequenceNumber, "1")
        name = SubElement(SubElement(applicant, COM.Contact), COM.Name)
        SubElement(name, COM.EntityName).text = "UNKNOWN"
    return bag


def _members(
    bag: etree._Element, parties: etree._Element, ctx: MappingContext, kind: _Kind
) -> None:
    """One kind's bag (``pat:ApplicantBag`` ...): each party of the kind, numbered, that its
    ``fill`` keeps; no bag when it keeps none."""
    plural, single, bag_tag, tag, fill = kind
    out = etree.Element(bag_tag)
    for index, source in enumerate(_group(parties, plural, single, ctx), 1):
        party = etree.Element(tag)
        party.set(COM.sequenceNumber, _sequence(source, index))
        if fill(party, source, index, ctx):
            out.append(party)
    if len(out):
        bag.append(out)


def _applicant(
    applicant: etree._Element, source: etree._Element, index: int, ctx: MappingContext
) -> bool:
    q = ctx.src.path
    path = f"pat:PartyBag/pat:ApplicantBag/pat:Applicant[{index}]"
    raw_kind = (source.get("entity-type") or "").strip().lower()
    kind = ENTITY_TYPES.get(raw_kind)
    if not _contact(applicant, source, ctx, kind):
        ctx.report(
            "SRC-EMPTY-ELEMENT",
            "warning",
            path,
            f"Applicant {index} has no name; it was left out (sent: {quoted_values(source)}).",
            "Send the applicant's name or orgname in its addressbook.",
        )
        return False
    if kind is None:
        ctx.report(
            "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
            "warning",
            f"{path}/com:Contact/com:Name",
            "The applicant is not marked as a natural person or a legal entity"
            + (f" ({raw_kind!r} is not a known value)" if raw_kind else "")
            + "; the name is published as com:EntityName.",
            'Send entity-type="natural-person" or "legal-entity" on each applicant.',
        )
    category = APPLICANT_CATEGORY.get((source.get("app-type") or "").strip().lower())
    if category:
        SubElement(applicant, PAT.ApplicantCategory).text = category
    _country(applicant, COM.NationalityCode, first(source, q("nationality/country")))
    designation = DESIGNATION.get((source.get("designation") or "").strip().lower())
    if designation:
        SubElement(applicant, PAT.DesignationCategory).text = designation
    _country(applicant, COM.ResidenceCountryCode, first(source, q("residence/country")))
    return True


def _inventor(
    inventor: etree._Element, source: etree._Element, index: int, ctx: MappingContext
) -> bool:
    if not _contact(inventor, source, ctx, NATURAL):  # inventors are people by definition
        return False
    _country(inventor, COM.NationalityCode, first(source, ctx.src.path("nationality/country")))
    return True


def _agent(agent: etree._Element, source: etree._Element, index: int, ctx: MappingContext) -> bool:
    number = text_of(first(source, ctx.src.path("addressbook/registered-number")))
    if number:
        SubElement(agent, PAT.RegisteredPractitionerRegistrationNumber).text = number
    category = PRACTITIONER.get((source.get("rep-type") or "agent").strip().lower(), "Agent")
    SubElement(agent, PAT.RegisteredPractitionerCategory).text = category
    return _contact(agent, source, ctx, None, infer=True)


#: (group, party, ST.96 bag, ST.96 party, fill): a party's fill writes what it holds into the
#: numbered ST.96 element and says whether it is kept (a party without a name is not).
_Kind = tuple[
    str, str, str, str, Callable[[etree._Element, etree._Element, int, MappingContext], bool]
]
_KINDS: tuple[_Kind, ...] = (
    ("applicants", "applicant", PAT.ApplicantBag, PAT.Applicant, _applicant),
    ("inventors", "inventor", PAT.InventorBag, PAT.Inventor, _inventor),
    ("agents", "agent", PAT.RegisteredPractitionerBag, PAT.RegisteredPractitioner, _agent),
)


def national_names(name: str, office: str) -> tuple[str, str]:
    """An ST.36 element's name and its national-extension form (``th-parties``): offices wrap
    their parties in elements prefixed with their lower-case ST.3 code, as in ST.36's own
    national DTDs (``us-parties``)."""
    return name, f"{office.lower()}-{name}"


def _national(parent: etree._Element, name: str, ctx: MappingContext) -> etree._Element | None:
    """The child ``name``, or its national form when the standard one is not sent."""
    for tag in national_names(name, ctx.office):
        found = first(parent, ctx.src.path(tag)[0])
        if found is not None:
            return found
    return None


def _group(
    parties: etree._Element, plural: str, single: str, ctx: MappingContext
) -> list[etree._Element]:
    """The parties of one kind, in the standard or the national wrappers (both, if mixed)."""
    found: list[etree._Element] = []
    for group_tag, party_tag in zip(
        national_names(plural, ctx.office), national_names(single, ctx.office), strict=True
    ):
        for group in every(parties, ctx.src.path(group_tag)[0]):
            found.extend(every(group, ctx.src.path(party_tag)[0]))
            if party_tag != single:  # a national group may hold standard parties too
                found.extend(every(group, ctx.src.path(single)[0]))
    return found


def _sequence(source: etree._Element, index: int) -> str:
    seq = (source.get("sequence") or "").strip()
    return seq if seq.isdigit() else str(index)


def _country(parent: etree._Element, tag: str, source: etree._Element | None) -> None:
    code = text_of(source).upper()
    if code and is_code("country", code):
        SubElement(parent, tag).text = code


def _contact(
    parent: etree._Element,
    source: etree._Element,
    ctx: MappingContext,
    kind: str | None,
    infer: bool = False,
) -> bool:
    """Append one ``com:Contact`` for all of a party's addressbooks; False without any name.

    ``infer``: for agents (no indicator exists in ST.36) the form of the name decides, an
    ``orgname`` being an organisation and ``last-name`` a person.
    """
    q = ctx.src.path
    books = every(source, q("addressbook"))
    if not books:
        return False
    contact = etree.Element(COM.Contact)
    name = SubElement(contact, COM.Name)
    addresses = etree.Element(COM.PostalAddressBag)
    for book in books:
        lang = ctx.lang(book.get("lang"))
        attrib = {COM.languageCode: lang} if lang else {}
        _name(name, book, kind, attrib, infer, q)
        _address(addresses, first(book, q("address")), attrib, q)
    if not len(name):
        return False
    if len(addresses):
        contact.append(addresses)
    parent.append(contact)
    return True


def _name(
    name: etree._Element,
    book: etree._Element,
    kind: str | None,
    attrib: dict,
    infer: bool,
    q: Callable[[str], tuple[str, ...]],
) -> None:
    last, given = text_of(first(book, q("last-name"))), text_of(first(book, q("first-name")))
    org = text_of(first(book, q("orgname")))
    full = text_of(first(book, q("name"))) or " ".join(p for p in (given, last) if p) or org
    if not full:
        return
    if infer and kind is None:
        kind = LEGAL if org and not last else NATURAL if last else None
    if kind == NATURAL:
        person = SubElement(name, COM.PersonName, attrib)
        if last:
            structured = SubElement(person, COM.PersonStructuredName)
            if given:
                SubElement(structured, COM.FirstName).text = given
            SubElement(structured, COM.LastName).text = last
        else:
            SubElement(person, COM.PersonFullName).text = full
    elif kind == LEGAL:
        organisation = SubElement(name, COM.OrganizationName, attrib)
        SubElement(organisation, COM.OrganizationStandardName).text = org or full
    else:
        SubElement(name, COM.EntityName, attrib).text = full


def _address(
    bag: etree._Element,
    address: etree._Element | None,
    attrib: dict,
    q: Callable[[str], tuple[str, ...]],
) -> None:
    if address is None:
        return
    lines = [t for t in (text_of(first(address, q(tag))) for tag in _LINES) if t]
    city = text_of(first(address, q("city")))
    country = text_of(first(address, q("country"))).upper()
    if not lines and text_of(first(address, q("text"))):
        lines = [text_of(first(address, q("text")))]
    if not lines:
        if country:  # the country alone is the address as far as the office knows it
            SubElement(SubElement(bag, COM.PostalAddress), COM.PostalAddressText).text = country
        return
    postal = SubElement(bag, COM.PostalAddress)
    if not (country and is_code("country", country)):
        for line in (*lines, city):
            if line:
                SubElement(postal, COM.PostalAddressText).text = line
        return
    structured = SubElement(postal, COM.PostalStructuredAddress, attrib)
    for seq, line in enumerate(lines, 1):
        SubElement(structured, COM.AddressLineText, {COM.sequenceNumber: str(seq)}).text = line
    if city:
        SubElement(structured, COM.CityName).text = city
    for tag in _REGIONS:
        region = text_of(first(address, q(tag)))
        if region:
            SubElement(structured, COM.GeographicRegionName).text = region
    SubElement(structured, COM.CountryCode).text = country
    postcode = text_of(first(address, q("postcode")))
    if postcode:
        SubElement(structured, COM.PostalCode).text = postcode
