"""ST.66 (as exported by WIPO IPAS) → ST.96 ``tmk:Trademark``: the orchestrating function.

The section modules append to the ST.96 root in the order of ``tmk:TrademarkType``'s sequence;
the one walk (:func:`mappings.framework.walk.walk`) compares every element of the source with
the declared coverage table (:data:`mappings.st66.table.TABLE`), so an element nobody mapped is
reported instead of silently dropped.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import MappingError, UnsupportedFormatError
from mappings.framework.context import MappingContext
from mappings.framework.reading import every, source_names
from mappings.framework.walk import walk
from mappings.model import Finding
from mappings.st66.events import map_events, map_priorities, map_publications
from mappings.st66.goods import map_goods_services
from mappings.st66.mark import map_identification
from mappings.st66.parties import map_applicants, map_representatives
from mappings.st66.representation import map_disclaimers, map_representation
from mappings.st66.table import ST66_NS, TABLE, TM
from mappings.st96 import NSMAP, com, sub, sub_if, tmk
from mappings.vocabulary import OfficeVocabulary

_TM_FROM_TRANSACTION = (
    "TradeMarkTransactionBody/TransactionContentDetails/TransactionData/"
    "TradeMarkApplication/TradeMarkDetails/TradeMark"
)
TX = "/Transaction"
_CONTENT = "TradeMarkTransactionBody/TransactionContentDetails"


def locate_trademark(root: etree._Element) -> tuple[etree._Element, str, str]:
    """The TradeMark element, the source namespace, and the path prefix of the root.

    Accepts the full IPAS ``Transaction`` and a bare ``TradeMark`` root, with the ST.66
    namespace or without any (both occur in exports).
    """
    ns, local = _root_name(root)
    if local == "TradeMark":
        return root, ns, TM
    return _one_trademark(every(root, source_names(ns).path(_TM_FROM_TRANSACTION))), ns, TX


def _root_name(root: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of an ST.66 root; anything but a Transaction or a TradeMark in
    the ST.66 namespace (or none) is refused."""
    qname = etree.QName(root)
    ns = qname.namespace or ""
    if ns not in (ST66_NS, ""):
        raise UnsupportedFormatError(
            f"root element {root.tag!r} is not ST.66: expected namespace {ST66_NS}"
        )
    if qname.localname not in ("TradeMark", "Transaction"):
        raise UnsupportedFormatError(
            f"root element {qname.localname!r} is not an ST.66 trademark Transaction or TradeMark"
        )
    return ns, qname.localname


def _one_trademark(found: list[etree._Element]) -> etree._Element:
    """The one TradeMark of a Transaction (``found``: those at the expected path)."""
    if not found:
        raise MappingError(
            "the ST.66 Transaction holds no TradeMark (expected at "
            f"{_TM_FROM_TRANSACTION.replace('/', ' / ')})"
        )
    if len(found) > 1:
        raise MappingError(
            f"the ST.66 Transaction holds {len(found)} trademarks; a harvested record must hold one"
        )
    return found[0]


def map_st66(
    source_root: etree._Element, vocab: OfficeVocabulary
) -> tuple[etree._Element, list[Finding]]:
    """Map one ST.66 trademark record to an ST.96 ``tmk:Trademark`` tree plus findings."""
    ns, local = _root_name(source_root)
    ctx = MappingContext(table=TABLE, office=vocab.office_code, vocab=vocab, ns=ns)
    # one walk over the record: the coverage check, and the children index the sections read
    # (the TradeMark inside the envelope is found in that index too)
    unmapped, _ = walk(source_root, TABLE, index=ctx._index)
    if local == "TradeMark":
        tm, transaction = source_root, None
    else:
        tm = _one_trademark(ctx.findall(source_root, _TM_FROM_TRANSACTION))
        transaction = ctx.find(source_root, _CONTENT)
    out = etree.Element(tmk("Trademark"), nsmap=NSMAP["trademarks"])
    facts = map_identification(ctx, tm, out, transaction)
    keep_feature = map_representation(ctx, tm, out)
    map_disclaimers(ctx, tm, out)
    series = ctx.text(tm, "MarkSeriesTotalQuantity", "/tmk:Trademark/tmk:MarkSeriesTotalQuantity")
    if series and series.isdigit():
        sub(out, tmk("MarkSeriesTotalQuantity"), series)
    comment = _comment(facts)
    sub_if(out, com("CommentText"), comment)
    for tag in ("OppositionPeriodStartDate", "OppositionPeriodEndDate"):
        when = ctx.date(tm, tag, f"/tmk:Trademark/tmk:{tag}")
        sub_if(out, tmk(tag), when)
    map_goods_services(ctx, tm, out)
    map_priorities(ctx, tm, out)
    map_publications(ctx, tm, out)
    map_applicants(ctx, tm, out)
    map_representatives(ctx, tm, out)
    map_events(ctx, tm, out)
    sub_if(out, tmk("MarkFeatureDescription"), keep_feature)
    if facts["status_word"]:
        _national_status(out, facts["status_word"])
    ctx.findings.extend(unmapped)
    return out, ctx.findings


def _comment(facts: dict) -> str:
    """com:CommentText (one allowed): the office's transaction words and an unknown kind."""
    parts = []
    if facts["route_words"]:
        parts.append("Transaction (office values): " + " / ".join(facts["route_words"]))
    if facts["unknown_kind"]:
        parts.append(f"Mark kind (office value): {facts['unknown_kind']}")
    return "; ".join(parts)


def _national_status(out: etree._Element, word: str) -> None:
    """The office's own status word beside the ST.96 category in tmk:MarkCurrentStatusCode.

    Its place, tmk:NationalTrademarkInformation, requires a tmk:RegisterCategory, which IPAS
    exports do not have: the standard's own ``Unknown`` is written. It claims nothing (it says
    the register is not known), so it is not flagged as a generated value."""
    national = sub(out, tmk("NationalTrademarkInformation"))
    sub(national, tmk("RegisterCategory"), "Unknown")
    sub(national, tmk("MarkCurrentStatusExternalDescriptionText"), word)
