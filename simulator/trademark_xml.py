"""A planned trademark written as WIPO IPAS exports ST.66 (see :mod:`simulator.trademarks`),
its oai_dc rendering, and the `Generator` that serves both.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from lxml import etree

from simulator import vocab
from simulator.base import (
    PlannedGenerator,
    compact,
    dc_creators,
    dublin_core_xml,
    ipas_priorities,
)
from simulator.offices import OfficeProfile, office
from simulator.people import Party
from simulator.trademark_plan import plan, repairs
from simulator.trademarks import (
    CHANGEABLE,
    DC_SCHEMA_LOCATION,
    EVENT_CODES,
    EVENT_ST66,
    IN_WO,
    NS,
    SCHEMA_LOCATION,
    WO_NS,
    MarkImage,
    Trademark,
    application_number,
    index_of,
)

# -- rendering ----------------------------------------------------------------------------


@functools.cache
def _q(tag: str) -> str:
    """The Clark name of `tag` (cached: the renderer asks for the same few names all along)."""
    return f"{{{WO_NS if tag in IN_WO else NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, en: bool = False):
    """A child of `parent`: in IPAS's namespace inside a `wo:` element or for `IN_WO` tags."""
    name = _q(tag)
    if parent.tag.startswith(f"{{{WO_NS}}}"):
        name = f"{{{WO_NS}}}{tag}"
    el = etree.SubElement(parent, name)
    if text is not None:
        el.text = text
    if en:
        el.set("languageCode", "en")
    return el


def _pair(parent: etree._Element, tag: str, local: str | None, english: str | None) -> None:
    if local is not None:
        _sub(parent, tag, local)
    if english is not None:
        _sub(parent, tag, english, en=True)


def _party(
    parent: etree._Element,
    book_tag: str,
    party: Party,
    profile: OfficeProfile,
    placeholders: frozenset[str] = frozenset(),
) -> None:
    """One applicant or representative; `placeholders` may hold "country" (the country
    written as "-") and "address_line" (a "-" line after the address)."""
    fna = _sub(_sub(parent, book_tag), "FormattedNameAddress")
    name = _sub(_sub(_sub(fna, "Name"), "FreeFormatName"), "FreeFormatNameDetails")
    _pair(name, "FreeFormatNameLine", party.name, party.name_en)
    address = _sub(fna, "Address")
    _sub(address, "AddressCountryCode", "-" if "country" in placeholders else party.country)
    if profile.address_lines:
        lines = _sub(address, "FreeFormatAddress")
        for line in party.address:
            _sub(lines, "FreeFormatAddressLine", line)
        if "address_line" in placeholders:
            _sub(lines, "FreeFormatAddressLine", "-")


def _date(day: dt.date) -> str:
    return day.isoformat()


def status_word(code: str, status: str) -> str:
    """The MarkCurrentStatusCode an office writes for `status` (its own language's word when
    its exports use one)."""
    return vocab.LOCAL_STATUSES.get(office(code).language.code, {}).get(status, status)


def render(tm: Trademark) -> bytes:
    """The ST.66 Transaction for one trademark, UTF-8, without XML declaration."""
    profile = office(tm.office)
    holes = tm.placeholders
    root = etree.Element(_q("Transaction"), nsmap={None: NS, "wo": WO_NS})
    content = _sub(_sub(root, "TradeMarkTransactionBody"), "TransactionContentDetails")
    _sub(content, "TransactionIdentifier", tm.transaction_id)
    _sub(content, "TransactionCode", tm.transaction_code)
    _sub(content, "TransactionSubCode", tm.sub_code)
    data = _sub(content, "TransactionData")
    mark = _sub(_sub(_sub(data, "TradeMarkApplication"), "TradeMarkDetails"), "TradeMark")

    _sub(mark, "RegistrationOfficeCode", tm.office)
    _sub(mark, "ApplicationNumber", tm.application_number)
    _sub(mark, "ApplicationDate", _date(tm.application_date))
    if tm.registration_number:
        _sub(mark, "RegistrationNumber", tm.registration_number)
    elif "registration_number" in holes:
        _sub(mark, "RegistrationNumber", "N/A")
    if tm.registration_date:
        _sub(mark, "RegistrationDate", _date(tm.registration_date))
    _sub(mark, "ApplicationLanguageCode", vocab.IPAS_LANGUAGE_TAGS.get(tm.language, tm.language))
    if tm.expiry_date:
        _sub(mark, "ExpiryDate", _date(tm.expiry_date))
    elif "expiry" in holes:
        _sub(mark, "ExpiryDate", "1900-01-01")
    _sub(mark, "MarkCurrentStatusCode", status_word(tm.office, tm.status))
    _sub(mark, "MarkCurrentStatusDate", _date(tm.status_date))
    if tm.kind_mark and profile.kind_mark:
        _sub(mark, "KindMark", tm.kind_mark)
    _sub(mark, "MarkFeature", tm.mark_feature)
    if tm.disclaimers:
        details = _sub(mark, "MarkDisclaimerDetails")
        for local, english in tm.disclaimers:
            _pair(details, "MarkDisclaimer", local, english)
    elif "disclaimer" in holes:
        _sub(_sub(mark, "MarkDisclaimerDetails"), "MarkDisclaimer", "-")
    if tm.word_mark is not None:
        _pair(
            _sub(mark, "WordMarkSpecification"),
            "MarkVerbalElementText",
            tm.word_mark,
            tm.word_mark_en,
        )
    if tm.image:
        image = _sub(_sub(mark, "MarkImageDetails"), "MarkImage")
        _render_image(image, tm.image, profile, "colour" in holes)
    else:  # IPAS writes an empty image for a word mark
        _sub(_sub(mark, "MarkImageDetails"), "MarkImage")
    goods = _sub(_sub(mark, "GoodsServicesDetails"), "GoodsServices")
    classes = _sub(goods, "ClassDescriptionDetails")
    for item in tm.goods:
        cd = _sub(classes, "ClassDescription")
        _sub(cd, "ClassNumber", str(item.number))
        _pair(cd, "GoodsServicesDescription", item.description, item.description_en)
    ipas_priorities(_sub, mark, tm.priorities)
    if tm.publications:
        details = _sub(mark, "PublicationDetails")
        for pub in tm.publications:
            el = _sub(details, "Publication")
            if profile.publication_identifier:
                _sub(el, "PublicationIdentifier", pub.identifier)
            if profile.publication_section:
                _sub(el, "PublicationSection", pub.section)
            _sub(el, "PublicationDate", _date(pub.date))
    applicants = _sub(mark, "ApplicantDetails")
    for n, party in enumerate(tm.applicants):
        own = holes & {"address_line"} if n == 0 else frozenset()
        _party(_sub(applicants, "Applicant"), "ApplicantAddressBook", party, profile, own)
    if tm.representatives:
        reps = _sub(mark, "RepresentativeDetails")
        for party in tm.representatives:
            own = holes & {"country"}
            _party(_sub(reps, "Representative"), "RepresentativeAddressBook", party, profile, own)
    events = _sub(mark, "MarkEventDetails")
    for event in tm.events:
        ev = _sub(events, "MarkEvent")
        _sub(ev, "MarkEventDate", _date(event.date))
        _sub(ev, "MarkEventCode", EVENT_ST66[event.key])
        if profile.event_names:
            _sub(ev, "OfficeSpecificMarkEventName", event.description_en)
        else:
            _sub(ev, "OfficeSpecificMarkEventCode", EVENT_CODES[event.key])
            _pair(ev, "OfficeSpecificMarkEventDescription", event.description, event.description_en)
    return etree.tostring(root, encoding="UTF-8")


def _render_image(
    image_el: etree._Element, image: MarkImage, profile: OfficeProfile, no_colour: bool
) -> None:
    """The image's elements; `no_colour`: a "-" colour claim (IPAS's placeholder)."""
    _sub(image_el, "MarkImageFilename", image.filename)
    _sub(image_el, "MarkImageFileFormat", image.file_format)
    if profile.colour_claim and image.colour is not None:
        _pair(image_el, "MarkImageColourClaimedText", image.colour, image.colour_en)
    elif no_colour:
        _sub(image_el, "MarkImageColourClaimedText", "-")
    if image.vienna:
        category = _sub(image_el, "MarkImageCategory")
        _sub(category, "CategoryKind", "Vienna")
        _sub(category, "CategoryVersion", "8")
        codes = _sub(category, "CategoryCodeDetails")
        for code in image.vienna:
            _sub(codes, "CategoryCode", code)


def render_dc(tm: Trademark) -> bytes:
    """An oai_dc rendering of the trademark (OAI-PMH requires Dublin Core for every item)."""
    return dublin_core_xml(
        [
            ("title", tm.word_mark_en or tm.word_mark or tm.application_number),
            *dc_creators(tm.applicants),
            *(("subject", f"Nice class {item.number}") for item in tm.goods),
            ("description", tm.status),
            ("publisher", office(tm.office).name),
            ("date", _date(tm.application_date)),
            ("type", "Trademark"),
            ("identifier", tm.application_number),
            ("language", tm.language),
        ],
        schema_location=DC_SCHEMA_LOCATION,
    )


class TrademarkGenerator(PlannedGenerator):
    """The `Generator` for trademarks: ST.66 as exported by WIPO IPAS, prefix ``st66``."""

    ip_type = "trademarks"
    metadata_prefix = "st66"
    namespace = NS
    schema_location = SCHEMA_LOCATION
    identifier_prefix = "TM"
    changeable = CHANGEABLE
    draw = staticmethod(plan)
    render = staticmethod(render)
    render_dc = staticmethod(render_dc)

    def source_id(self, office_code: str, seed: int, index: int) -> str:
        return compact(application_number(office(office_code), seed, index))

    def index_of(self, office_code: str, seed: int, source_id: str) -> int | None:
        return index_of(office_code, seed, source_id)

    def repairs(self, office_code: str, seed: int, index: int) -> dict[str, Any]:
        return repairs(plan(office_code, seed, index))
