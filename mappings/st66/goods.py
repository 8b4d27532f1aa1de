"""ST.66 goods and services (Nice classes with their descriptions) → tmk:GoodsServicesBag."""

from __future__ import annotations

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.values import lang_sub
from mappings.st96 import com, sub, sub_if, tmk

GS = "/tmk:Trademark/tmk:GoodsServicesBag/tmk:GoodsServices"
CD = f"{GS}/tmk:ClassDescriptionBag/tmk:ClassDescription"


def nice_class(ctx: MappingContext, raw: str) -> str:
    """Nice class as two digits ("9", "09", "009" → "09"); other values kept and reported."""
    if raw.isdigit() and 1 <= int(raw) <= 45:
        return f"{int(raw):02d}"
    ctx.report(
        "TM-NICE-CLASS-INVALID",
        "error",
        f"{CD}/tmk:ClassNumber",
        f"{raw!r} is not a Nice class (1-45); it is kept as written.",
        "Export the Nice class number, 1 to 45.",
    )
    return raw


def map_goods_services(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> list[str]:
    """Append tmk:GoodsServicesBag; returns the Nice classes (for oai_dc and checks)."""
    all_classes: list[str] = []
    bag = sub(out, tmk("GoodsServicesBag"))  # removed again when it stays empty
    for source in ctx.findall(tm, "GoodsServicesDetails/GoodsServices"):
        kind = ctx.text(source, "ClassificationKindCode", f"{GS}/tmk:ClassificationKindCode")
        version = ctx.text(source, "ClassificationVersion", f"{GS}/com:ClassificationVersion")
        classes: list[str] = []
        descriptions: list[tuple[str, list[tuple[str, str]]]] = []
        for desc in ctx.findall(source, "ClassDescriptionDetails/ClassDescription"):
            raw = ctx.required(
                desc,
                "ClassNumber",
                f"{CD}/tmk:ClassNumber",
                "TM-NICE-CLASS-MISSING",
                "A goods and services description has no class number; it was left out.",
                "Export ClassNumber for every ClassDescription.",
            )
            if raw is None:
                continue
            number = nice_class(ctx, raw)
            if number not in classes:
                classes.append(number)
            texts = list(
                ctx.texts(
                    desc, "GoodsServicesDescription", f"{CD}/tmk:GoodsServicesDescriptionText"
                )
            )
            if texts:
                descriptions.append((number, texts))
            else:
                ctx.report(
                    "TM-GOODS-DESCRIPTION-MISSING",
                    "warning",
                    f"{CD}/tmk:GoodsServicesDescriptionText",
                    f"Class {number} has no goods and services description; only the class "
                    "number is published.",
                    "Export the list of goods and services of every class.",
                )
        if not classes:
            continue
        goods = sub(bag, tmk("GoodsServices"))
        classification = sub(goods, tmk("GoodsServicesClassificationBag"))
        for number in classes:
            entry = sub(classification, tmk("GoodsServicesClassification"))
            sub(entry, tmk("ClassificationKindCode"), _kind(ctx, kind))
            sub_if(entry, com("ClassificationVersion"), version)
            sub(entry, tmk("ClassNumber"), number)
        if descriptions:
            desc_bag = sub(goods, tmk("ClassDescriptionBag"))
            for number, texts in descriptions:
                desc = sub(desc_bag, tmk("ClassDescription"))
                sub(desc, tmk("ClassNumber"), number)
                for seq, (text, lang) in enumerate(texts, 1):
                    lang_sub(desc, tmk("GoodsServicesDescriptionText"), text, lang, seq)
        all_classes += [c for c in classes if c not in all_classes]
    if not len(bag):
        out.remove(bag)
    return all_classes


def _kind(ctx: MappingContext, kind: str | None) -> str:
    """ClassificationKindCode: IPAS exports Nice classes; ST.66 writes 'Nice' when it says."""
    if kind is None or kind.casefold() == "nice":
        return "Nice"
    if kind.casefold() in ("domestic", "national"):
        return "Domestic"
    ctx.report(
        "TM-CLASSIFICATION-KIND-UNKNOWN",
        "warning",
        f"{GS}/tmk:GoodsServicesClassificationBag/tmk:GoodsServicesClassification",
        f"Classification kind {kind!r} is neither Nice nor national; it is kept verbatim in "
        "tmk:ClassificationKindCode.",
        "Export ClassificationKindCode 'Nice'.",
    )
    return kind
