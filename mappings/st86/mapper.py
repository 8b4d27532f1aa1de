"""IPAS ST.86-style design exports → one ST.96 ``dgn:Design``.

Source: ``Transaction/DesignTransactionBody/TransactionContentDetails/TransactionData/
DesignApplicationDetails/DesignApplication`` with one ``DesignDetails/Design`` (the shape the
WIPO IPAS offices of ASEAN export; every path they use is listed with its ST.96 target in
:mod:`mappings.st86.table`).

ST.96 ``dgn:Design`` describes one design, not the application: it has no application number,
filing date or language. Those are kept where ST.96 allows without bending meanings:

* the application number becomes ``dgn:DesignReference`` ("external reference for the design"),
  the IPAS design identifier stays ``dgn:DesignIdentifier`` with the office as ``@com:officeCode``;
* the filing date (and Singapore's receiving-office date) becomes a ``dgn:DesignEvent`` of
  category ``Undefined`` whose comment says what it is, so the date is not lost;
* the application language labels every text that came without a language tag;
* the office's own status word (IPAS's ``wo:DesignCurrentStatusCode``) is normalised to
  ``dgn:DesignCurrentStatusCategory`` and kept verbatim beside it, as a ``dgn:DesignEvent`` on
  the status date whose comment quotes it (``dgn:Design`` has no status text element).

IPAS writes the current status and the event history in its extension namespace
``wo-designs`` (:data:`~mappings.st86.table.WO_DESIGNS`); they are read there, or in the
ST.86 namespace where an export puts them.

Elements are appended in the order of ST.96's ``DesignType`` sequence; ``build`` calls one
helper per group, each returning nothing when the source has nothing.
"""

from __future__ import annotations

from lxml import etree

from mappings import st96
from mappings.errors import MappingError
from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, DGN, every, first, source_names, text_of
from mappings.framework.values import office_code
from mappings.framework.walk import walk
from mappings.model import Finding
from mappings.st86 import parties
from mappings.st86.classification import classification_bag
from mappings.st86.history import events, extension, priorities, publications, related
from mappings.st86.table import TABLE
from mappings.vocabulary import OfficeVocabulary
from mappings.vocabulary_supplements import load_supplement

__all__ = ["DC_TEXTS", "METADATA_PREFIX", "NAMESPACE", "ROOT", "dc_texts", "map_design"]

SubElement = etree.SubElement

METADATA_PREFIX = "st86"
NAMESPACE = "http://www.wipo.int/standards/XMLSchema/designs"
ROOT = "/dgn:Design"

APPLICATION = (
    "DesignTransactionBody/TransactionContentDetails/TransactionData/"
    "DesignApplicationDetails/DesignApplication"
)

_STATUSES = ("Filed", "Withdrawn", "Rejected", "Registered", "Cancelled", "Expired", "Undefined")
_IMAGE_FORMATS = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "tif": "TIFF",
    "tiff": "TIFF",
    "gif": "GIF",
    "svg": "SVG",
}


def map_design(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> tuple[etree._Element, list[Finding]]:
    """Map one IPAS ST.86 ``Transaction`` to a ``dgn:Design`` and the findings about it.

    Pure: no database, no network. Raises :class:`~mappings.errors.MappingError` when the
    record holds no design at all. Placeholder values in ``source_root`` are blanked (see
    :func:`~mappings.framework.walk.walk`).
    """
    application, designs, ctx = _open(source_root, vocab)
    unmapped, placeholders = walk(source_root, TABLE, st96_root=ROOT)
    ctx.findings.extend(placeholders)
    if len(designs) > 1:
        ctx.report(
            "DES-MULTIPLE-DESIGNS",
            "warning",
            "",
            f"The application holds {len(designs)} designs; ST.96 dgn:Design carries one, so "
            "the hub published the first.",
            "Publish each design of a multiple application as its own record.",
        )
    root = build(application, designs[0], ctx)
    ctx.findings.extend(unmapped)
    return root, ctx.findings


def _open(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> tuple[etree._Element, list[etree._Element], MappingContext]:
    """The application, its designs and the mapping context (office, language) of a record."""
    s = source_names(etree.QName(source_root).namespace or "")
    if etree.QName(source_root).localname != "Transaction":
        raise MappingError(
            f"expected an ST.86 Transaction root, got {etree.QName(source_root).localname!r}"
        )
    application = first(source_root, s.path(APPLICATION))
    if application is None:
        raise MappingError("the ST.86 Transaction holds no DesignApplication")
    designs = every(application, s.path("DesignDetails/Design"))
    if not designs:
        raise MappingError("the ST.86 DesignApplication holds no DesignDetails/Design")
    office = (
        office_code(text_of(first(application, s.RegistrationOfficeCode)))
        or (vocab.office_code if vocab is not None else "")
        or "XX"
    )
    ctx = MappingContext(
        table=TABLE,
        ns=etree.QName(source_root).namespace or "",
        office=office,
        language=vocab.language if vocab is not None else None,
        supplement=load_supplement(office, "designs"),
        vocab=vocab,
        root_path=ROOT,
    )
    stated = first(application, s.DesignApplicationLanguageCode)
    if stated is not None and text_of(stated):
        ctx.use_language(ctx.lang(text_of(stated)))
    return application, designs, ctx


#: Texts ST.96 ``dgn:Design`` holds in one language only → the oai_dc element that carries
#: every language the office sent (with ``xml:lang``).
DC_TEXTS = (
    ("DesignTitle", "title"),
    ("NoveltyStatement", "description"),
    ("DesignSpecimenDetails/DesignSpecimen/SpecimenDescription", "description"),
)


def dc_texts(
    source_root: etree._Element, vocab: OfficeVocabulary | None
) -> list[tuple[str, str | None, str]]:
    """``(dc element, language, text)`` of every language variant of the texts ST.96 holds
    once (a design's title, novelty statement, specimen descriptions): oai_dc carries them
    all, so no language an office sends is lost to third parties."""
    _, designs, ctx = _open(source_root, vocab)
    return [
        (dc, lang, text)
        for path, dc in DC_TEXTS
        for lang, text in ctx.tagged(every(designs[0], ctx.src.path(path)))
    ]


def build(
    application: etree._Element, design: etree._Element, ctx: MappingContext
) -> etree._Element:
    """The ``dgn:Design`` element, children in ST.96 sequence order."""
    s = ctx.src
    # dgn:Design is not a document root: ST.96 gives it no com:st96Version attribute.
    root = etree.Element(DGN.Design, nsmap=st96.NSMAP["designs"])
    identifier = text_of(first(design, s.DesignIdentifier)) or "1"
    SubElement(root, DGN.DesignIdentifier, {COM.officeCode: ctx.office}).text = identifier
    number = text_of(first(application, s.DesignApplicationNumber))
    if number:
        SubElement(root, DGN.DesignReference).text = number
    else:
        ctx.report(
            "DES-APPLICATION-NUMBER-MISSING",
            "critical",
            "dgn:DesignReference",
            "The record has no design application number.",
            "Send DesignApplicationNumber.",
        )
    _text(root, COM.RegistrationNumber, first(design, s.RegistrationNumber))
    _date(root, COM.RegistrationDate, first(design, s.RegistrationDate), ctx, "registration date")
    _title(root, design, ctx)
    _descriptions(root, application, design, ctx)
    _single_language_text(root, DGN.NoveltyStatementText, every(design, s.NoveltyStatement), ctx)
    _single_language_text(root, DGN.PartialDisclaimerText, every(design, s.Disclaimer), ctx)
    total = text_of(first(design, s.TotalSpecimen))
    if total.isdigit():
        SubElement(root, DGN.SpecimenTotalQuantity).text = str(int(total))
    _expiry(root, design, ctx)
    status_word = _status(root, design, ctx)
    _specimens(root, design, ctx)
    _representations(root, design, ctx)
    filing_date = ctx.read_date(
        text_of(first(application, s.DesignApplicationDate)), "dgn:DesignEventBag", "filing date"
    )
    root.append(classification_bag(design, ctx, filing_date))
    priorities(root, design, ctx)
    related(root, design, ctx)
    publications(root, design, ctx)
    root.append(parties.applicants(design, application, ctx))
    for bag in (parties.representatives(design, ctx), parties.designers(design, ctx)):
        if bag is not None:
            root.append(bag)
    events(root, application, design, ctx, filing_date, status_word)
    return root


# --- simple values ---------------------------------------------------------------------------


def _text(parent: etree._Element, tag: str, source: etree._Element | None) -> None:
    value = text_of(source)
    if value:
        SubElement(parent, tag).text = value


def _date(
    parent: etree._Element, tag: str, source: etree._Element | None, ctx: MappingContext, what: str
) -> str | None:
    value = ctx.read_date(text_of(source), _short(tag), what)
    if value:
        SubElement(parent, tag).text = value
    return value


def _short(tag: str) -> str:
    q = etree.QName(tag)
    return f"{'com' if q.namespace == st96.COM else 'dgn'}:{q.localname}"


def _texts(elements: list[etree._Element], ctx: MappingContext) -> list[tuple[str | None, str]]:
    return ctx.tagged(elements)


def _title(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    chosen = ctx.picker.pick(_texts(every(design, ctx.src.DesignTitle), ctx))
    if chosen is None:
        ctx.report(
            "DES-TITLE-MISSING",
            "error",
            "dgn:DesignTitleText",
            "The design has no title (the name of the product).",
            "Send DesignTitle, in the application language.",
        )
        return
    lang, text = chosen
    SubElement(root, DGN.DesignTitleText, {COM.languageCode: lang} if lang else {}).text = text


def _single_language_text(
    root: etree._Element, tag: str, elements: list[etree._Element], ctx: MappingContext
) -> None:
    """Texts ST.96 carries once (novelty statement, disclaimer): one language is kept."""
    chosen = ctx.picker.pick(_texts(elements, ctx))
    if chosen is not None:
        lang, text = chosen
        SubElement(root, tag, {COM.languageCode: lang} if lang else {}).text = text


def _descriptions(
    root: etree._Element, application: etree._Element, design: etree._Element, ctx: MappingContext
) -> None:
    s = ctx.src
    texts = _texts(every(design, s.DesignDescription), ctx)
    texts += _texts(
        every(
            application, s.path("DesignApplicationStatementDetails/DesignApplicationStatementText")
        ),
        ctx,
    )
    for seq, (lang, text) in enumerate((t for t in texts if t[1]), 1):
        attrib = {COM.sequenceNumber: str(seq)}
        if lang:
            attrib[COM.languageCode] = lang
        SubElement(root, DGN.DesignDescriptionText, attrib).text = text


def _expiry(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    s = ctx.src
    source = first(design, s.ExpiryDate)
    if source is None or not text_of(source):
        # Singapore sends the next renewal date; until then the registration runs, so it is
        # the expiry of the current term.
        source = first(design, s.DesignRenewalDueDate)
    _date(root, COM.ExpiryDate, source, ctx, "expiry date")


def _status(root: etree._Element, design: etree._Element, ctx: MappingContext) -> tuple[str, str]:
    """``dgn:DesignCurrentStatusCategory`` and date; returns the office's own status word and
    its category, which :func:`_events` keeps beside them."""
    code = text_of(extension(design, "DesignCurrentStatusCode", ctx))
    category = ""
    if code:
        category = ctx.sup.lookup("status", code)
        if category not in _STATUSES:
            ctx.report(
                "DES-STATUS-UNKNOWN",
                "warning",
                "dgn:DesignCurrentStatusCategory",
                f"The status {code!r} is not in the office's design vocabulary; it was published "
                "as 'Undefined' (the office's word is kept in the status event's comment).",
                f"Add {code!r} to vocabularies/{ctx.office}.designs.toml [status].",
            )
            category = "Undefined"
        SubElement(root, DGN.DesignCurrentStatusCategory).text = category
    _date(
        root,
        DGN.DesignCurrentStatusDate,
        extension(design, "DesignCurrentStatusDate", ctx),
        ctx,
        "status date",
    )
    return code, category


def _specimens(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    s = ctx.src
    specimens = every(design, s.path("DesignSpecimenDetails/DesignSpecimen"))
    if not specimens:
        return
    bag = SubElement(root, DGN.DesignSpecimenBag)
    for index, source in enumerate(specimens, 1):
        specimen = SubElement(bag, DGN.DesignSpecimen)
        identifier = text_of(first(source, s.SpecimenIdentifier)) or str(index)
        SubElement(specimen, DGN.SpecimenIdentifier).text = identifier
        chosen = ctx.picker.pick(_texts(every(source, s.SpecimenDescription), ctx))
        if chosen is not None:
            lang, text = chosen
            attrib = {COM.languageCode: lang} if lang else {}
            SubElement(specimen, DGN.SpecimenDescriptionText, attrib).text = text


def _representations(root: etree._Element, design: etree._Element, ctx: MappingContext) -> None:
    """IPAS representation sheets → ``dgn:DesignRepresentationSheet`` (file and format).

    ST.96 lets a representation hold either sheets or views, not both. The offices send the
    files of their representation sheets, so they are published as sheets, as sent; calling
    them views would claim a split into single views that the source does not make.
    """
    s = ctx.src
    path = "DesignRepresentationSheetDetails/DesignRepresentationSheet/RepresentationSheetFilename"
    files = [name for name in map(text_of, every(design, s.path(path))) if name]
    if not files:
        ctx.report(
            "DES-REPRESENTATION-MISSING",
            "warning",
            "dgn:DesignRepresentationBag",
            "The design has no representation (no image of the product).",
            "Send the file names of the representation sheets.",
        )
        return
    bag = SubElement(root, DGN.DesignRepresentationBag)
    sheets = SubElement(SubElement(bag, DGN.DesignRepresentation), DGN.DesignRepresentationSheetBag)
    for name in files:
        fmt = _IMAGE_FORMATS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
        sheet = SubElement(sheets, DGN.DesignRepresentationSheet)
        SubElement(sheet, COM.FileName).text = name
        if fmt:
            SubElement(sheet, COM.ImageFormatCategory).text = fmt
