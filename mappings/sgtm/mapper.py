"""IPOS (Singapore) trademark export → ST.96 ``tmk:Trademark``: the orchestrating function.

The section modules append to the ST.96 root in ``tmk:TrademarkType``'s sequence order. One walk
over the record compares every element with the declared coverage table (``table.TABLE``)
and, at the same time, builds the children index the sections read, so the record is iterated
once.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import UnsupportedFormatError
from mappings.framework.context import MappingContext
from mappings.framework.walk import walk
from mappings.model import Finding
from mappings.sgtm.events import map_events
from mappings.sgtm.goods import map_goods_and_priorities
from mappings.sgtm.mark import map_category, map_disclaimers, map_identification, map_representation
from mappings.sgtm.parties import map_address_for_service, map_agents, map_proprietor, map_users
from mappings.sgtm.table import ROOTS, TABLE
from mappings.sgtm.words import WORDS
from mappings.st96 import NSMAP, com, sub, tmk
from mappings.vocabulary import OfficeVocabulary


def map_sg_trademark(
    source_root: etree._Element, vocab: OfficeVocabulary
) -> tuple[etree._Element, list[Finding]]:
    """Map one IPOS ``Trademark``, ``Article6ter`` or ``R13`` record to ST.96 plus findings."""
    kind = source_root.tag if isinstance(source_root.tag, str) else ""
    if kind not in ROOTS:
        raise UnsupportedFormatError(
            f"root element {kind!r} is not an IPOS trademark export record; expected one of "
            + ", ".join(ROOTS)
        )
    ctx = MappingContext(table=TABLE, office=vocab.office_code, vocab=vocab, words=WORDS)
    unmapped, _ = walk(source_root, TABLE, index=ctx._index)
    out = etree.Element(tmk("Trademark"), nsmap=NSMAP["trademarks"])
    _, comments = map_identification(ctx, source_root, out, kind)
    map_category(ctx, source_root, out, kind, comments)
    feature_notes = map_representation(ctx, source_root, out, kind)
    map_disclaimers(ctx, source_root, out)
    if comments:
        sub(out, com("CommentText"), ". ".join(comments))
    map_goods_and_priorities(ctx, source_root, out)
    map_proprietor(ctx, source_root, out, kind)
    map_agents(ctx, source_root, out)
    map_events(ctx, source_root, out)
    map_users(ctx, source_root, out)
    if feature_notes:
        sub(out, tmk("MarkFeatureDescription"), ". ".join(feature_notes))
    map_address_for_service(ctx, source_root, out)
    ctx.findings.extend(unmapped)
    return out, ctx.findings
