"""ST.36 classifications (IPC 8 / IPCR, old IPC, CPC, national) → ``pat:PatentClassificationBag``.

IPCR entries come either structured (``section``, ``class``, ``subclass``, ``main-group``,
``subgroup`` with version, level, value, dates) or as the 50-character ``text`` line of the IPC
data format; both are valid ST.96. CPC is published only when complete: ST.96 requires every
field of ``pat:CPCClassification`` (version, symbol position, value, action date, office),
which exports often lack; an incomplete CPC entry is reported, not guessed.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.reading import COM, PAT, every, first, quoted_values, text_of
from mappings.framework.values import iso_date, office_code

SubElement = etree.SubElement

SECTIONS = frozenset("ABCDEFGH")
CPC_SECTIONS = frozenset("ABCDEFGHY")


def classification_bag(
    bib: etree._Element, ctx: MappingContext
) -> tuple[etree._Element | None, bool]:
    """(``pat:PatentClassificationBag`` or None, whether any IPC symbol was mapped)."""
    q = ctx.src.path
    bag = etree.Element(PAT.PatentClassificationBag)
    has_ipc = _ipcr(bag, bib, ctx)
    has_ipc = _ipc(bag, first(bib, q("classification-ipc")), q) or has_ipc
    _cpc(bag, bib, ctx)
    _national(bag, bib, ctx)
    return (bag if len(bag) else None), has_ipc


def _ipcr(bag: etree._Element, bib: etree._Element, ctx: MappingContext) -> bool:
    q = ctx.src.path
    out = etree.Element(PAT.IPCRClassificationBag)
    for index, source in enumerate(every(bib, q("classifications-ipcr/classification-ipcr")), 1):
        entry = etree.Element(PAT.IPCRClassification)
        entry.set(COM.sequenceNumber, (source.get("sequence") or str(index)).strip())
        section = text_of(first(source, q("section"))).upper()
        cls, sub = text_of(first(source, q("class"))), text_of(first(source, q("subclass"))).upper()
        version = iso_date(text_of(first(source, q("ipc-version-indicator/date"))))
        if section in SECTIONS and cls.isdigit() and len(sub) == 1 and sub.isalpha() and version:
            _structured_ipcr(entry, source, section, cls.zfill(2), sub, version, q)
        else:
            # The IPC data format is fixed-width (symbol, version, level...): keep its spacing.
            text = (getattr(first(source, q("text")), "text", None) or "").strip()
            if not text:
                text = " ".join(
                    t for t in (section + cls + sub, text_of(first(source, q("main-group")))) if t
                )
                group = text_of(first(source, q("subgroup")))
                text = f"{text}/{group}" if group and text else text
            if not text.strip():
                ctx.report(
                    "PAT-IPC-INVALID",
                    "warning",
                    "pat:PatentClassificationBag/pat:IPCRClassificationBag",
                    f"IPC entry {index} has neither a symbol nor a text; it was left out "
                    f"(sent: {quoted_values(source)}).",
                    "Send section, class, subclass, main group, subgroup and version date.",
                )
                continue
            SubElement(entry, PAT.PatentClassificationText).text = text
        out.append(entry)
    if len(out):
        bag.append(out)
        return True
    return False


#: (ST.36 element, ST.96 element, allowed values) of the optional IPCR codes, in ST.96 order.
_IPCR_CODES = (
    ("classification-level", PAT.PatentClassificationLevelCode, frozenset("ACS")),
    ("symbol-position", COM.SymbolPositionCode, frozenset("FL")),
    ("classification-value", PAT.IPCClassificationValueCode, frozenset("IN")),
)
_IPCR_STATUS = (
    ("classification-status", PAT.IPCClassificationStatusCode, frozenset("BRVD")),
    ("classification-data-source", PAT.PatentClassificationDataSourceCode, frozenset("HMG")),
)


def _structured_ipcr(
    entry: etree._Element,
    source: etree._Element,
    section: str,
    cls: str,
    sub: str,
    version: str,
    q: Callable[[str], tuple[str, ...]],
) -> None:
    SubElement(entry, PAT.ClassificationVersionDate).text = version
    _codes(entry, source, _IPCR_CODES, q)
    action = iso_date(text_of(first(source, q("action-date/date"))))
    if action:
        SubElement(entry, PAT.ActionDate).text = action
    _codes(entry, source, _IPCR_STATUS, q)
    office = office_code(text_of(first(source, q("generating-office/country"))))
    if office:
        SubElement(entry, PAT.GeneratingOfficeCode).text = office
    SubElement(entry, PAT.Section).text = section
    SubElement(entry, PAT.Class).text = cls
    SubElement(entry, PAT.Subclass).text = sub
    for tag, target in (("main-group", PAT.MainGroup), ("subgroup", PAT.Subgroup)):
        value = text_of(first(source, q(tag)))
        if value:
            SubElement(entry, target).text = value


def _codes(
    entry: etree._Element,
    source: etree._Element,
    table: tuple[tuple[str, str, frozenset[str]], ...],
    q: Callable[[str], tuple[str, ...]],
) -> None:
    """The one-letter codes of ``table`` (source tag, ST.96 element, allowed values), upper
    case, each kept only when allowed."""
    for tag, target, allowed in table:
        value = text_of(first(source, q(tag))).upper()
        if value in allowed:
            SubElement(entry, target).text = value


def _ipc(
    bag: etree._Element, source: etree._Element | None, q: Callable[[str], tuple[str, ...]]
) -> bool:
    """Pre-2006 ``classification-ipc`` (edition, main, further) → ``pat:IPCClassification``."""
    if source is None:
        return False
    main = text_of(first(source, q("main-classification")))
    if not main:
        return False
    ipc = SubElement(bag, PAT.IPCClassification)
    SubElement(ipc, COM.Edition).text = text_of(first(source, q("edition"))) or "8"
    SubElement(ipc, PAT.MainClassification).text = main
    for further in every(source, q("further-classification")):
        if text_of(further):
            SubElement(ipc, PAT.FurtherClassification).text = text_of(further)
    return True


_CPC_FIELDS = (
    "section",
    "class",
    "subclass",
    "main-group",
    "subgroup",
    "symbol-position",
    "classification-value",
)


def _cpc(bag: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    entries = []
    for index, source in enumerate(every(bib, q("classifications-cpc/classification-cpc")), 1):
        values = {tag: text_of(first(source, q(tag))) for tag in _CPC_FIELDS}
        version = iso_date(text_of(first(source, q("cpc-version-indicator/date"))))
        action = iso_date(text_of(first(source, q("action-date/date"))))
        office = office_code(text_of(first(source, q("generating-office/country"))))
        complete = (
            all(values.values())
            and values["section"].upper() in CPC_SECTIONS
            and values["symbol-position"].upper() in ("F", "L")
            and values["classification-value"].upper() in ("I", "A")
            and version
            and action
            and office
        )
        if not complete:
            ctx.report(
                "PAT-CPC-INCOMPLETE",
                "info",
                "pat:PatentClassificationBag/pat:CPCClassificationBag",
                f"CPC entry {index} lacks fields ST.96 requires (version, symbol position, value, "
                f"action date or generating office); it was left out (sent: "
                f"{quoted_values(source)}).",
                "Send CPC in the full ST.36 classification-cpc structure.",
            )
            continue
        entries.append((values, version, action, office, source, q))
    if not entries:
        return
    cpc_bag = SubElement(bag, PAT.CPCClassificationBag)
    main = SubElement(cpc_bag, PAT.MainCPC)
    _cpc_entry(main, *entries[0])
    if len(entries) > 1:
        further = SubElement(cpc_bag, PAT.FurtherCPC)
        for entry in entries[1:]:
            _cpc_entry(further, *entry)


def _cpc_entry(
    parent: etree._Element,
    values: dict[str, str],
    version: str,
    action: str,
    office: str,
    source: etree._Element,
    q: Callable[[str], tuple[str, ...]],
) -> None:
    cpc = SubElement(parent, PAT.CPCClassification)
    SubElement(cpc, PAT.ClassificationVersionDate).text = version
    SubElement(cpc, PAT.CPCSection).text = values["section"].upper()
    SubElement(cpc, PAT.Class).text = values["class"].zfill(2)
    SubElement(cpc, PAT.Subclass).text = values["subclass"].upper()
    SubElement(cpc, PAT.MainGroup).text = values["main-group"]
    SubElement(cpc, PAT.Subgroup).text = values["subgroup"]
    SubElement(cpc, COM.SymbolPositionCode).text = values["symbol-position"].upper()
    SubElement(cpc, PAT.CPCClassificationValueCode).text = values["classification-value"].upper()
    SubElement(cpc, PAT.ActionDate).text = action
    SubElement(cpc, PAT.GeneratingOfficeCode).text = office
    status = text_of(first(source, q("classification-status"))).upper()
    if status in ("B", "R"):
        SubElement(cpc, PAT.CPCClassificationStatusCode).text = status
    data_source = text_of(first(source, q("classification-data-source"))).upper()
    if data_source in ("H", "M", "G"):
        SubElement(cpc, PAT.PatentClassificationDataSourceCode).text = data_source


def _national(bag: etree._Element, bib: etree._Element, ctx: MappingContext) -> None:
    q = ctx.src.path
    for source in every(bib, q("classification-national")):
        main = text_of(first(source, q("main-classification")))
        if not main:
            continue
        national = SubElement(bag, PAT.NationalClassification)
        office = office_code(text_of(first(source, q("country")))) or ctx.office
        SubElement(national, COM.IPOfficeCode).text = office
        edition = text_of(first(source, q("edition")))
        if edition:
            SubElement(national, COM.Edition).text = edition
        SubElement(
            SubElement(national, PAT.MainNationalClassification), PAT.PatentClassificationText
        ).text = main
        for further in every(source, q("further-classification")):
            if text_of(further):
                SubElement(
                    SubElement(national, PAT.FurtherNationalClassification),
                    PAT.PatentClassificationText,
                ).text = text_of(further)
