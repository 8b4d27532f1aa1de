"""IPAS ``IndicationProductDetails`` → ST.96 ``com:DesignClassificationBag``.

IPAS writes one ``IndicationProduct`` per classification system (``ClassificationKindCode``
"Locarno" or a national scheme) with its edition and ``ClassDescription`` entries holding a
class number (``06-01``) and the product (``Chairs``). ST.96 splits the Locarno number into class
and subclass and attaches the product indication to the subclass.

``com:DesignClassificationBag`` is mandatory in ST.96. A design sent without any class still
has to publish valid XML, so the hub writes an explicit national "unclassified" entry (never an
invented Locarno class) and reports ``DES-LOCARNO-MISSING`` with ``generated=True``.
"""

from __future__ import annotations

import re

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, every, first, text_of

SubElement = etree.SubElement

LOCARNO = "Locarno"
NATIONAL = "National"
UNCLASSIFIED = "unclassified"

#: (first day, edition) of Locarno editions in force, newest first: the edition of a class sent
#: without one is the edition in force on the filing date.
LOCARNO_EDITIONS = (
    ("2025-01-01", "15"),
    ("2023-01-01", "14"),
    ("2021-01-01", "13"),
    ("2019-01-01", "12"),
    ("2017-01-01", "11"),
    ("2014-01-01", "10"),
    ("2009-01-01", "9"),
)

_PRODUCT = (
    "IndicationProductDetails/IndicationProduct/ClassDescriptionDetails/ClassDescription"
    "/ProductDescription"
)
_NUMBER = re.compile(r"\s*(\d{1,2})\s*(?:[-./ ]\s*(\d{1,2}))?\s*\Z")
_EDITION = re.compile(r"(\d{1,2})")


def split_locarno(number: str) -> tuple[str, str | None] | None:
    """``("06", "01")`` for ``06-01``, ``6.1``, ``06 01``; ``("06", None)`` for a bare class."""
    match = _NUMBER.match(number)
    if match is None:
        compact = number.strip()
        if len(compact) == 4 and compact.isdigit():
            return compact[:2], compact[2:]
        return None
    cls, sub = match.groups()
    return cls.zfill(2), (sub.zfill(2) if sub else None)


def edition_in_force(filing_date: str | None) -> str | None:
    """The Locarno edition in force on ``filing_date`` (ISO), None when unknown or too old."""
    if not filing_date:
        return None
    for start, edition in LOCARNO_EDITIONS:
        if filing_date >= start:
            return edition
    return None


def classification_bag(
    design: etree._Element, ctx: MappingContext, filing_date: str | None
) -> etree._Element:
    """The mandatory ``com:DesignClassificationBag`` of one design."""
    s = ctx.src
    locarno: list[tuple[str, str | None, str, str | None]] = []  # class, subclass, product, lang
    national: list[tuple[str, str, str | None]] = []
    edition = national_edition = sent_edition = ""
    for product in every(design, s.path("IndicationProductDetails/IndicationProduct")):
        kind_code = text_of(first(product, s.ClassificationKindCode))
        kind = ctx.sup.lookup("classification_kind", kind_code) if kind_code else LOCARNO
        version = text_of(first(product, s.ClassificationVersion))
        default_text = text_of(first(product, s.IndicationProductDescription))
        if kind != NATIONAL:
            sent_edition = sent_edition or version
        for entry in every(product, s.path("ClassDescriptionDetails/ClassDescription")):
            number = text_of(first(entry, s.ClassNumber))
            described = first(entry, s.ProductDescription)
            text = text_of(described) or default_text
            lang = ctx.lang(described.get("languageCode") if described is not None else None)
            if not number:
                continue
            if kind == NATIONAL:
                national.append((number, text, lang))
                national_edition = national_edition or version
                continue
            parts = split_locarno(number)
            if parts is None:
                ctx.report(
                    "DES-LOCARNO-INVALID",
                    "error",
                    "com:DesignClassificationBag",
                    f"{number!r} is not a Locarno class (expected e.g. 06-01); it was left out.",
                    "Send Locarno classes as class-subclass, e.g. 06-01.",
                )
                continue
            locarno.append((*parts, text, lang))
            edition = edition or version
    bag = etree.Element(COM.DesignClassificationBag)
    if locarno:
        _locarno_bag(bag, locarno, edition, ctx, filing_date)
    else:
        ctx.report(
            "DES-LOCARNO-MISSING",
            "error",
            "com:DesignClassificationBag/com:LocarnoClassificationBag",
            "The design has no Locarno classification"
            + (
                f" (the Locarno edition {sent_edition!r} was sent without a class)."
                if sent_edition
                else "."
            ),
            "Classify the product under the Locarno Classification (e.g. 06-01 for chairs).",
            generated=not national,
        )
    if national or not locarno:
        _national_bag(bag, national, national_edition, ctx, design)
    return bag


def _locarno_bag(
    bag: etree._Element,
    entries: list[tuple[str, str | None, str, str | None]],
    edition_text: str,
    ctx: MappingContext,
    filing_date: str | None,
) -> None:
    match = _EDITION.search(edition_text)
    edition = match.group(1) if match else edition_in_force(filing_date)
    if edition is None:
        edition = "unknown"
    if not match:
        ctx.report(
            "GENERATED-VALUE",
            "info",
            "com:DesignClassificationBag/com:LocarnoClassificationBag/com:LocarnoClassificationEdition",
            f"No Locarno edition was sent; the hub wrote {edition!r}, the edition in force on the "
            "filing date.",
            "Send ClassificationVersion with each Locarno classification.",
            generated=True,
        )
    locarno = SubElement(bag, COM.LocarnoClassificationBag)
    SubElement(locarno, COM.LocarnoClassificationEdition).text = edition
    by_class: dict[str, etree._Element] = {}
    for cls, sub, text, lang in entries:
        if sub is None:
            # A bare class has no subclass to carry a product indication: the text form is used.
            SubElement(locarno, COM.LocarnoClassificationText).text = cls
            continue
        classification = by_class.get(cls)
        if classification is None:
            classification = by_class[cls] = SubElement(locarno, COM.LocarnoClassification)
            SubElement(classification, COM.LocarnoClass).text = cls
        subclass = SubElement(classification, COM.LocarnoSubclassBag)
        SubElement(subclass, COM.LocarnoSubclass).text = sub
        if text:
            attrib = {COM.languageCode: lang} if lang else {}
            SubElement(subclass, COM.LocarnoSubclassProductIndicationText, attrib).text = text


def _national_bag(
    bag: etree._Element,
    entries: list[tuple[str, str, str | None]],
    edition: str,
    ctx: MappingContext,
    design: etree._Element,
) -> None:
    national = SubElement(bag, COM.NationalDesignClassificationBag)
    SubElement(national, COM.IPOfficeCode).text = ctx.office
    if edition:
        SubElement(national, COM.NationalClassificationEdition).text = edition
    if not entries:
        # The generated placeholder for a design sent without any class (see module docstring).
        product = text_of(first(design, ctx.src.path(_PRODUCT)))
        entries = [(UNCLASSIFIED, product, ctx.language)]
    for number, text, lang in entries:
        SubElement(national, COM.NationalDesignClassification).text = number
        if text:
            attrib = {COM.languageCode: lang} if lang else {}
            SubElement(national, COM.NationalDesignProductIndicationText, attrib).text = text
