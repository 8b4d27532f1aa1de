"""IPOS classes (live and non-live) and their priority claims → GoodsServicesBag, PriorityBag.

IPOS keeps one ``class_details`` row per Nice class with its own status, status date and
expiry date, and the priority claims inside the class they cover. ST.96 gets one
``tmk:GoodsServices`` per class (so the class's status and expiry stay with it) and one
``tmk:Priority`` per claim with the claimed goods as ``tmk:PriorityPartialGoodsServices``.
"""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.sgtm.words import country_code, lookup
from mappings.st96 import com, sub, sub_if, tmk

T = "/tmk:Trademark"
GS = f"{T}/tmk:GoodsServicesBag/tmk:GoodsServices"
CD = f"{GS}/tmk:ClassDescriptionBag/tmk:ClassDescription"
NST = f"{CD}/tmk:NationalStatusBag/tmk:NationalStatus"
PRI = f"{T}/tmk:PriorityBag/tmk:Priority"
NON_LIVE = "Non-live class (no longer protected)"


def map_goods_and_priorities(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    goods = etree.Element(tmk("GoodsServicesBag"))
    priorities = etree.Element(tmk("PriorityBag"))
    for container, live in (("classes_details", True), ("non_live_classes_details", False)):
        for row in ctx.findall(rec, f"{container}/class_details"):
            number = _class_number(ctx, row)
            if number is None:
                continue
            _class(ctx, row, number, live, goods)
            for claim in ctx.findall(row, "priority_claims"):
                _priority(ctx, claim, number, priorities)
    if len(goods):
        out.append(goods)
    if len(priorities):
        out.append(priorities)


def _class_number(ctx: MappingContext, row: etree._Element) -> str | None:
    raw = ctx.text(row, "class_no", f"{GS}/tmk:GoodsServicesClassificationBag")
    if raw is not None and raw.isdigit() and 1 <= int(raw) <= 45:
        return f"{int(raw):02d}"
    ctx.report(
        "TM-CLASS-NUMBER-INVALID",
        "error",
        f"{CD}/tmk:ClassNumber",
        f"Class number {raw!r} is not a Nice class (1-45); the class row was left out.",
        "Export class_no as the Nice class number.",
    )
    return None


def _classification(parent: etree._Element, number: str) -> None:
    cls = sub(
        sub(parent, tmk("GoodsServicesClassificationBag")), tmk("GoodsServicesClassification")
    )
    sub(cls, tmk("ClassificationKindCode"), "Nice")
    sub(cls, tmk("ClassNumber"), number)


def _class(
    ctx: MappingContext, row: etree._Element, number: str, live: bool, bag: etree._Element
) -> None:
    gs = sub(bag, tmk("GoodsServices"))
    _classification(gs, number)
    expiry = ctx.date(row, "expiry_date", f"{GS}/com:CommentTextBag/com:CommentText")
    if expiry:
        sub(sub(gs, com("CommentTextBag")), com("CommentText"), f"Class expiry date: {expiry}")
    texts = [
        t for t, _ in ctx.texts(row, "goods_services", f"{CD}/tmk:GoodsServicesDescriptionText")
    ]
    status = ctx.text(row, "class_status", f"{NST}/tmk:NationalStatusCode")
    when = ctx.date(row, "status_date", f"{NST}/tmk:NationalStatusDate")
    if status is not None:
        lookup(ctx, "class_status", status, f"{NST}/tmk:NationalStatusCode", "it is kept verbatim")
    if not texts:
        ctx.report(
            "TM-GOODS-DESCRIPTION-MISSING",
            "warning",
            f"{CD}/tmk:GoodsServicesDescriptionText",
            f"Class {number} has no goods_services text; only the class number is published"
            + (f" (class status {status!r} kept as a comment)." if status else "."),
            "Export the goods and services of every class.",
        )
        if status:
            comments = gs.find(com("CommentTextBag"))
            if comments is None:
                comments = etree.Element(com("CommentTextBag"))
                gs.insert(1, comments)
            sub(comments, com("CommentText"), f"Class status: {status}")
        return
    desc = sub(sub(gs, tmk("ClassDescriptionBag")), tmk("ClassDescription"))
    sub(desc, tmk("ClassNumber"), number)
    if status or when or not live:
        national = sub(sub(desc, tmk("NationalStatusBag")), tmk("NationalStatus"))
        sub(national, tmk("NationalStatusCategory"), "National class status")
        sub_if(national, tmk("NationalStatusCode"), status)
        sub_if(national, tmk("NationalStatusDate"), when)
        if not live:
            sub(national, tmk("NationalStatusExternalDescriptionText"), NON_LIVE)
    for text in texts:
        sub(desc, tmk("GoodsServicesDescriptionText"), text)


def _priority(ctx: MappingContext, claim: etree._Element, number: str, bag: etree._Element) -> None:
    country = country_code(
        ctx,
        ctx.text(claim, "country", f"{PRI}/com:PriorityCountryCode"),
        f"{PRI}/com:PriorityCountryCode",
    )
    when = ctx.date(claim, "date", f"{PRI}/com:PriorityApplicationFilingDate")
    goods = [
        t for t, _ in ctx.texts(claim, "goods_services", f"{PRI}/tmk:PriorityPartialGoodsServices")
    ]
    if country is None or when is None:
        ctx.report(
            "TM-PRIORITY-INCOMPLETE",
            "error",
            PRI,
            f"A priority claim of class {number}"
            + (f" dated {when!r}" if when else "")
            + " lacks its country or date, which ST.96 requires; it was left out.",
            "Export country and date for every priority claim.",
        )
        return
    priority = sub(bag, tmk("Priority"))
    sub(priority, com("PriorityCountryCode"), country)
    sub(priority, com("PriorityApplicationFilingDate"), when)
    partial = sub(priority, tmk("PriorityPartialGoodsServices"))
    _classification(partial, number)
    if goods:
        desc = sub(sub(partial, tmk("ClassDescriptionBag")), tmk("ClassDescription"))
        sub(desc, tmk("ClassNumber"), number)
        for text in goods:
            sub(desc, tmk("GoodsServicesDescriptionText"), text)
