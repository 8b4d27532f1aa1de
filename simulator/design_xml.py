"""A planned design written as its office's IPAS exports ST.86 (see :mod:`simulator.designs`:
the profiles, the plan and its defects), its oai_dc rendering, and the `Generator`.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator import people
from simulator.base import (
    PlannedGenerator,
    compact,
    dc_creators,
    dublin_core_xml,
    ipas_priorities,
)
from simulator.design_words import (
    EVENTS,
    NOVELTY,
    PRODUCTS,
    SG_LEGAL,
    VIEWS,
)
from simulator.designs import (
    CHANGEABLE,
    NS,
    SCHEMA_LOCATION,
    WO,
    Design,
    DesignOffice,
    application_number,
    plan,
    profile,
)
from simulator.people import Party
from simulator.seeding import mix

# -- rendering --------------------------------------------------------------------------------

_Q: dict[str, str] = {}


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attrib: str
) -> etree._Element:
    """An ST.86 element; one inside an IPAS extension element is in ``wo-designs`` too."""
    wo = parent.tag.startswith(f"{{{WO}}}")
    name = _Q.get(tag) if not wo else f"{{{WO}}}{tag}"
    if name is None:
        name = _Q[tag] = f"{{{NS}}}{tag}"
    el = etree.SubElement(parent, name, attrib)
    if text is not None:
        el.text = text
    return el


def _wo(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    """An IPAS extension element (``wo:``), as IPAS writes the status and the events."""
    el = etree.SubElement(parent, f"{{{WO}}}{tag}")
    if text is not None:
        el.text = text
    return el


def _variants(
    parent: etree._Element, tag: str, local: str, english: str, p: DesignOffice, local_tag: str = ""
) -> None:
    """A text as the office writes it: English untagged beside the tagged local text (the same
    text once, tagged, when both are equal), or English tagged ``en`` at English offices
    (Singapore leaves its name lines untagged)."""
    local_tag = local_tag or p.tag
    if not local_tag:
        untagged = p.singapore and tag == "FreeFormatNameLine"
        _sub(parent, tag, english, **({} if untagged else {"languageCode": "en"}))
    elif local and local == english:
        _sub(parent, tag, local, languageCode=local_tag)
    else:
        _sub(parent, tag, english, **({"languageCode": "en"} if tag in p.english_tagged else {}))
        if local:
            _sub(parent, tag, local, languageCode=local_tag)


def _book(
    parent: etree._Element, tag: str, party: Party, p: DesignOffice, placeholder: bool = False
) -> None:
    fna = _sub(_sub(parent, tag), "FormattedNameAddress")
    names = _sub(_sub(_sub(fna, "Name"), "FreeFormatName"), "FreeFormatNameDetails")
    _variants(names, "FreeFormatNameLine", party.name, party.name_en, p)
    address = _sub(fna, "Address")
    if p.party_country or tag == "RepresentativeAddressBook":
        _sub(address, "AddressCountryCode", party.country)
    if p.address_lines and party.address:
        lines = _sub(address, "FreeFormatAddress")
        for line in party.address:
            _sub(lines, "FreeFormatAddressLine", line)
        if placeholder:
            _sub(lines, "FreeFormatAddressLine", "-")


def render(design: Design) -> bytes:
    """The ST.86 Transaction of one design (UTF-8, no XML declaration)."""
    p = profile(design.office)
    lang = people.language(design.office).code
    _, product_en, local_products = PRODUCTS[design.product]
    product_local = local_products.get(lang, product_en)
    root = etree.Element(f"{{{NS}}}Transaction", nsmap={None: NS, "wo": WO})
    app = _render_application(root, design, p, product_en)
    ds = _sub(_sub(app, "DesignDetails"), "Design")
    _render_texts(ds, design, p, lang, product_en, product_local)
    _render_classification(ds, design, p, product_en, product_local)
    _render_claims(ds, design, p)
    _render_parties(ds, design, p)
    _render_events(ds, design, p, lang)
    return etree.tostring(root, encoding="UTF-8")


def _render_application(
    root: etree._Element, design: Design, p: DesignOffice, product_en: str
) -> etree._Element:
    """The transaction envelope and the application around the design."""
    content = _sub(_sub(root, "DesignTransactionBody"), "TransactionContentDetails")
    if p.transaction_ids:
        _sub(
            content,
            "TransactionIdentifier",
            f"{design.office}DS{compact(design.application_number)}",
        )
    _sub(content, "TransactionCode", "Design")
    if p.transaction_ids:
        _sub(
            content,
            "TransactionSubCode",
            "Registration" if design.registration_number else "Application",
        )
    app = _sub(
        _sub(_sub(content, "TransactionData"), "DesignApplicationDetails"), "DesignApplication"
    )
    _sub(app, "RegistrationOfficeCode", design.office)
    if p.singapore:
        _sub(app, "ReceivingOfficeCode", "SG")
        _sub(app, "ReceivingOfficeDate", design.application_date.isoformat())
    _sub(app, "DesignApplicationNumber", design.application_number)
    _sub(app, "DesignApplicationDate", design.application_date.isoformat())
    _sub(app, "DesignApplicationLanguageCode", p.tag or "en")
    keys = _sub(app, "ApplicantDetails")
    for i, _ in enumerate(design.applicants, 1):
        key = _sub(keys, "ApplicantKey")
        if p.singapore:
            _sub(key, "Identifier", f"C{mix(design.application_number, i) % 10**8:08d}")
        else:
            key.text = f"{design.office}-APP-{mix(design.application_number, i) % 10**6:06d}"
    if p.singapore and mix(design.application_number, "hague") % 8 == 0:
        designated = _sub(_sub(app, "DesignatedCountryDetails"), "DesignatedCountry")
        _sub(designated, "DesignatedCountryCode", "SG")
    if p.singapore:
        _sub(app, "TotalDesign", "1")
        statement = _sub(app, "DesignApplicationStatementDetails")
        _sub(
            statement,
            "DesignApplicationStatementText",
            f"The design is applied to a {product_en.lower()}.",
        )
    return app


def _render_texts(
    ds: etree._Element,
    design: Design,
    p: DesignOffice,
    lang: str,
    product_en: str,
    product_local: str,
) -> None:
    """Identification, titles, statements, dates, status, specimens and sheets."""
    _sub(ds, "DesignIdentifier", "1")
    if design.registration_number:
        _sub(ds, "RegistrationNumber", design.registration_number)
        if design.registration_date and p.registration_date:
            _sub(ds, "RegistrationDate", design.registration_date.isoformat())
    elif "empty_registration" in design.defects:
        _sub(ds, "RegistrationNumber")
    title = _sub(ds, "DesignTitle", product_en, sequenceNumber="1")
    if p.tag:
        _sub(ds, "DesignTitle", product_local, languageCode=p.tag)
    elif p.code in ("BN", "MY", "PH", "SG"):
        title.set("languageCode", "en")
    _sub(
        ds,
        "DesignDescription",
        "N/A"
        if "placeholder_description" in design.defects
        else "; ".join(f"1.{i} {v}" for i, v in enumerate(VIEWS[: design.views], 1)),
    )
    if p.novelty:
        _variants(
            ds,
            "NoveltyStatement",
            NOVELTY.get(lang, "").format(product_local),
            NOVELTY["en"].format(product_en.lower()),
            p,
        )
    novelties = ds.findall(f"{{{NS}}}NoveltyStatement")
    if novelties and p.singapore:
        novelties[0].set("sequenceNumber", "1")
    elif novelties and p.code == "ID" and mix(design.application_number, "novelty") % 10 == 0:
        novelties[0].set("languageCode", "")  # seen in Indonesia's export: an empty tag
    if p.singapore:
        _sub(
            ds,
            "Disclaimer",
            "No claim is made to the colours shown.",
            languageCode="en",
            sequenceNumber="1",
        )
        _sub(ds, "TotalSpecimen", "0")
    if design.expiry_date and p.expiry:
        _sub(ds, "ExpiryDate", design.expiry_date.isoformat())
    elif "placeholder_expiry" in design.defects:
        _sub(ds, "ExpiryDate", "1900-01-01")
    if design.expiry_date and p.singapore:
        _sub(ds, "DesignRenewalDueDate", design.expiry_date.isoformat())
    _wo(ds, "DesignCurrentStatusCode", design.status)
    if p.status_date:
        _wo(ds, "DesignCurrentStatusDate", design.status_date.isoformat())
    if p.specimens:
        specimen = _sub(_sub(ds, "DesignSpecimenDetails"), "DesignSpecimen")
        _sub(specimen, "SpecimenIdentifier", "1")
        _variants(
            specimen,
            "SpecimenDescription",
            product_local,
            f"Specimen of the {product_en.lower()}",
            p,
            p.specimen_tag if mix(design.application_number, "specimen") % 2 else "",
        )
    sheets = _sub(ds, "DesignRepresentationSheetDetails")
    for view in range(1, design.views + 1):
        sheet = _sub(sheets, "DesignRepresentationSheet")
        _sub(
            sheet,
            "RepresentationSheetFilename",
            f"{compact(design.application_number)}_1_{view}.jpg",
        )


def _render_classification(
    ds: etree._Element, design: Design, p: DesignOffice, product_en: str, product_local: str
) -> None:
    """The product indication: Locarno class (absent: the ``no_locarno`` defect), product."""
    indication = _sub(_sub(ds, "IndicationProductDetails"), "IndicationProduct")
    _sub(indication, "ClassificationKindCode", "Locarno")
    _sub(
        indication, "ClassificationVersion", "13" if design.application_date.year >= 2021 else "12"
    )
    if p.singapore:
        _sub(indication, "IndicationProductDescription", product_en)
    if design.locarno or p.product_description:
        entry = _sub(_sub(indication, "ClassDescriptionDetails"), "ClassDescription")
        if design.locarno:
            _sub(entry, "ClassNumber", design.locarno)
        if p.product_description:
            _sub(entry, "ProductDescription", product_local if p.tag else product_en)


def _render_claims(ds: etree._Element, design: Design, p: DesignOffice) -> None:
    """Priorities, related applications and publications."""
    ipas_priorities(_sub, ds, design.priorities)
    if p.singapore and mix(design.application_number, "related") % 10 == 0:
        related = _sub(_sub(ds, "RelatedApplicationDetails"), "RelatedApplication")
        _sub(related, "RelatedApplicationKind", "Divisional application")
        _sub(
            related,
            "RelatedApplicationRegistrationNumber",
            f"4{design.application_date.year - 1}0{mix(design.application_number) % 10**4:04d}Q",
        )
        _sub(
            related,
            "RelatedApplicationRegistrationDate",
            (design.application_date - dt.timedelta(days=200)).isoformat(),
        )
    publications = [e for e in design.events if e.key == "published"]
    if publications:
        details = _sub(ds, "PublicationDetails")
        for event in publications:
            pub = _sub(details, "Publication")
            if p.publication_identifier:
                _sub(pub, "PublicationIdentifier", f"{event.date.year}/{event.date.month:02d}")
            if p.publication_section:
                _sub(pub, "PublicationSection", "Registrations")
            _sub(pub, "PublicationDate", event.date.isoformat())


def _render_parties(ds: etree._Element, design: Design, p: DesignOffice) -> None:
    """Applicants (Singapore with its legal-entity indicator), designers, representatives."""
    applicants = _sub(ds, "ApplicantDetails")
    for i, party in enumerate(design.applicants, 1):
        el = _sub(applicants, "Applicant")
        if p.singapore:
            _sub(el, "ApplicantSequenceNumber", str(i))
            _sub(el, "ApplicantIdentifier", f"C{mix(design.application_number, i) % 10**8:08d}")
            if design.applicant_kind_sent or i > 1:
                _sub(el, "ApplicantLegalEntity", SG_LEGAL[party.kind])
            _sub(el, "ApplicantNationalityCode", party.country)
            if party.kind == "legal":
                _sub(el, "ApplicantIncorporationCountryCode", party.country)
                if party.country == "US":
                    _sub(el, "ApplicantIncorporationState", "Delaware")
            if party.country != "SG":
                _sub(el, "ApplicantContractingParty", party.country)
        placeholder = i == 1 and "placeholder_address" in design.defects
        _book(el, "ApplicantAddressBook", party, p, placeholder)
    if design.designers and p.designers:
        details = _sub(ds, "DesignerDetails")
        for party in design.designers:
            _book(_sub(details, "Designer"), "DesignerAddressBook", party, p)
    if design.representatives:
        details = _sub(ds, "RepresentativeDetails")
        for party in design.representatives:
            el = _sub(details, "Representative")
            if p.singapore:
                _sub(el, "RepresentativeIdentifier", f"A{mix(party.name_en) % 10**6:06d}")
                _sub(el, "RepresentativeKindCode", "Registered agent")
                _sub(el, "RepresentativeNationalityCode", party.country)
                _sub(el, "Comment", "Address for service in Singapore")
            _book(el, "RepresentativeAddressBook", party, p)


def _render_events(ds: etree._Element, design: Design, p: DesignOffice, lang: str) -> None:
    pool = people.language(design.office)
    details = _wo(ds, "DesignEventDetails")
    for event in design.events:
        code, office_code, english = EVENTS[event.key]
        local = pool.events.get(event.key, english) if p.tag else english
        el = _sub(details, "DesignEvent")
        _sub(el, "DesignEventCode", code)
        _sub(el, "DesignEventDate", event.date.isoformat())
        if p.event_style in ("code", "both"):
            _sub(el, "OfficeSpecificDesignEventCode", office_code)
            _variants(el, "OfficeSpecificDesignEventDescription", local, english, p)
        if p.event_style in ("name", "both"):
            _sub(el, "OfficeSpecificDesignEventName", local if p.tag else english)
        if p.event_style == "comment":
            _sub(el, "Comment", english)


def render_dc(design: Design) -> bytes:
    """The record as ``oai_dc:dc`` (what the office's own OAI-PMH endpoint would serve)."""
    return dublin_core_xml(
        [
            ("title", PRODUCTS[design.product][1]),
            *dc_creators(design.applicants),
            *([("subject", f"Locarno {design.locarno}")] if design.locarno else []),
            ("description", design.status),
            ("date", design.application_date.isoformat()),
            ("type", "Industrial design"),
            ("identifier", design.application_number),
        ]
    )


class DesignGenerator(PlannedGenerator):
    """The `Generator` for industrial designs: IPAS ST.86-style XML, prefix ``st86``."""

    ip_type = "designs"
    metadata_prefix = "st86"
    namespace = NS
    schema_location = SCHEMA_LOCATION
    identifier_prefix = "DS"
    changeable = CHANGEABLE
    # Numbers end in the serial (index + 1), possibly followed by letters (Singapore's "Q").
    serial_widths = (7, 6, 5, 4)
    draw = staticmethod(plan)
    render = staticmethod(render)
    render_dc = staticmethod(render_dc)

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        return compact(application_number(office_code, seed, index))
