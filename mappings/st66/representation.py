"""ST.66 mark representation and disclaimers → ST.96.

``tmk:MarkRepresentation`` (feature, word marks per language, images with Vienna codes,
descriptions) and ``tmk:MarkDisclaimerBag``. Each function appends to the ST.96 root in the
schema's sequence order.
"""

from __future__ import annotations

import re

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.framework.values import lang_sub
from mappings.st96 import com, sub, sub_if, tmk

T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
IMG = f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage"

_VIENNA = re.compile(r"(\d{1,2})(?:[.\s]?(\d{1,2}))?(?:[.\s]?(\d{1,2}))?\Z")


def map_representation(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> str | None:
    """tmk:MarkRepresentation. Returns the feature text to keep in tmk:MarkFeatureDescription
    when it cannot be expressed as a tmk:MarkFeatureCategory."""
    rep = sub(out, tmk("MarkRepresentation"))  # removed again without a reproduction
    feature = ctx.text(tm, "MarkFeature", f"{REP}/tmk:MarkFeatureCategory")
    keep_feature = None
    if feature is not None:
        mapped = ctx.vocab.lookup("mark_feature", feature)
        if mapped:
            sub(rep, tmk("MarkFeatureCategory"), mapped)
        else:
            keep_feature = feature
            ctx.unknown(
                "mark_feature",
                feature,
                f"{REP}/tmk:MarkFeatureCategory",
                "it is kept in tmk:MarkFeatureDescription",
            )
    reproduction = sub(rep, tmk("MarkReproduction"))
    _word_marks(ctx, tm, reproduction)
    _images(ctx, tm, reproduction)
    _descriptions(ctx, tm, rep)
    if len(reproduction):
        return keep_feature
    out.remove(rep)
    ctx.report(
        "TM-REPRESENTATION-MISSING",
        "warning",
        REP,
        "The record has neither a word mark nor a mark image; no tmk:MarkRepresentation is "
        "published"
        + (" (the mark feature is kept in tmk:MarkFeatureDescription)." if feature else "."),
        "Export WordMarkSpecification or MarkImageDetails.",
    )
    return keep_feature or feature


def _word_marks(ctx: MappingContext, tm: etree._Element, reproduction: etree._Element) -> None:
    """One tmk:WordMarkSpecification per language variant of the verbal element.

    ST.96 allows one MarkVerbalElementText per specification but repeats specifications, so
    each language variant IPAS exports keeps its own language code.
    """
    spec_path = f"{REP}/tmk:MarkReproduction/tmk:WordMarkSpecification"
    word = ctx.find(tm, "WordMarkSpecification")
    if word is None:
        return
    verbal = list(
        ctx.texts(word, "MarkVerbalElementText", f"{spec_path}/tmk:MarkVerbalElementText")
    )
    significant = list(
        ctx.texts(
            word,
            "MarkSignificantVerbalElementText",
            f"{spec_path}/tmk:MarkSignificantVerbalElementText",
        )
    )
    translations = list(ctx.texts(word, "MarkTranslation", f"{spec_path}/tmk:MarkTranslationText"))
    translations += ctx.texts(word, "MarkTranslationText", f"{spec_path}/tmk:MarkTranslationText")
    translations += ctx.texts(
        tm, "MarkTranslationDetails/MarkTranslation", f"{spec_path}/tmk:MarkTranslationText"
    )
    translit = ctx.text(
        word, "MarkTransliteration", f"{spec_path}/tmk:MarkTransliteration"
    ) or ctx.text(tm, "MarkTransliteration", f"{spec_path}/tmk:MarkTransliteration")
    if not verbal and not significant:
        return
    generated = 0
    for index, (text, lang) in enumerate(verbal or [("", "")]):
        spec = sub(reproduction, tmk("WordMarkSpecification"))
        if text:
            lang_sub(spec, tmk("MarkVerbalElementText"), text, lang)
        sig = next((s for s in significant if s[1] == lang), None) or (
            significant[0] if significant else None
        )
        if sig is None:
            generated += 1
            sig = (text, lang)
        lang_sub(spec, tmk("MarkSignificantVerbalElementText"), sig[0], sig[1])
        if index == 0:
            for seq, (tr, tr_lang) in enumerate(translations, 1):
                lang_sub(spec, tmk("MarkTranslationText"), tr, tr_lang, seq)
            sub_if(spec, tmk("MarkTransliteration"), translit)
    if generated:
        ctx.report(
            "TM-SIGNIFICANT-VERBAL-ELEMENT-GENERATED",
            "info",
            f"{spec_path}/tmk:MarkSignificantVerbalElementText",
            "ST.96 requires the significant verbal element; the hub copied the mark's verbal "
            "element text into it.",
            "Export MarkSignificantVerbalElementText when it differs from the full text.",
            generated=True,
        )


def _images(ctx: MappingContext, tm: etree._Element, reproduction: etree._Element) -> None:
    """tmk:MarkImageBag. IPAS writes an empty ``<MarkImage/>`` for a word mark: that is the
    absence of an image, not an image without a file name."""
    images = [i for i in ctx.findall(tm, "MarkImageDetails/MarkImage") if len(i) or i.text]
    if not images:
        return
    bag = sub(reproduction, tmk("MarkImageBag"))  # removed again when it stays empty
    for seq, image in enumerate(images, 1):
        filename = ctx.required(
            image,
            "MarkImageFilename",
            f"{IMG}/com:FileName",
            "TM-IMAGE-FILENAME-MISSING",
            "A mark image has no file name; the image entry was left out.",
            "Export MarkImageFilename for every MarkImage.",
        )
        if filename is None:
            continue
        out = lang_sub(bag, tmk("MarkImage"), None, "", seq)
        sub(out, com("FileName"), filename)
        fmt = ctx.text(image, "MarkImageFileFormat", f"{IMG}/com:ImageFormatCategory")
        if fmt is not None:
            mapped = ctx.vocab.lookup("image_format", fmt)
            if mapped:
                sub(out, com("ImageFormatCategory"), mapped)
            else:
                ctx.unknown(
                    "image_format",
                    fmt,
                    f"{IMG}/com:ImageFormatCategory",
                    "ST.96 only lists JPEG, TIFF, PNG, GIF and SVG; the format is left out",
                )
        for tag in ("MarkImageColourClaimedText", "MarkImageColourPartClaimedText"):
            for n, (text, lang) in enumerate(ctx.texts(image, tag, f"{IMG}/tmk:{tag}"), 1):
                lang_sub(out, tmk(tag), text, lang, n)
        for category in ctx.findall(image, "MarkImageCategory"):
            _figurative(ctx, category, out)
    if not len(bag):
        reproduction.remove(bag)


def _figurative(ctx: MappingContext, category: etree._Element, image: etree._Element) -> None:
    """Vienna (or national) figurative element codes of one image."""
    path = f"{IMG}/tmk:MarkImageClassification/com:FigurativeElementClassificationBag"
    codes = [c for c, _ in ctx.texts(category, "CategoryCodeDetails/CategoryCode", path)]
    if not codes:
        return
    raw_kind = ctx.text(category, "CategoryKind", path)
    version = ctx.text(category, "CategoryVersion", path)
    kind = ctx.vocab.lookup("classification_kind", raw_kind) if raw_kind else None
    if raw_kind is None:
        kind = "Vienna"
        ctx.report(
            "TM-FIGURATIVE-KIND-MISSING",
            "info",
            path,
            "MarkImageCategory has no CategoryKind; the codes were published as Vienna codes.",
            "Export CategoryKind (Vienna) with the codes.",
            generated=True,
        )
    elif kind is None:
        ctx.unknown(
            "classification_kind", raw_kind, path, "the codes are published as national codes"
        )
        kind = "National"
    bag = sub(sub(image, tmk("MarkImageClassification")), com("FigurativeElementClassificationBag"))
    if kind == "National":
        national = sub(bag, com("NationalFigurativeElementClassificationBag"))
        sub(national, com("IPOfficeCode"), ctx.office or "WO")
        sub_if(national, com("NationalClassificationEdition"), version)
        for code in codes:
            sub(national, com("NationalFigurativeElementClassification"), code)
        return
    vienna = sub(bag, com("ViennaClassificationBag"))
    sub_if(vienna, com("ViennaClassificationEdition"), version)
    for n, code in enumerate(codes, 1):
        m = _VIENNA.match(code)
        if m is None:
            ctx.report(
                "TM-VIENNA-CODE-INVALID",
                "warning",
                f"{path}/com:ViennaClassificationBag",
                f"{code!r} is not a Vienna code (CC.DD.SS); "
                "it is kept as com:ViennaClassificationText.",
                "Export Vienna codes as category.division.section, e.g. 26.04.05.",
            )
            lang_sub(vienna, com("ViennaClassificationText"), code, "", n)
            continue
        cls = sub(vienna, com("ViennaClassification"))
        for tag, part in zip(
            ("ViennaCategory", "ViennaDivision", "ViennaSection"), m.groups(), strict=True
        ):
            if part is not None:
                sub(cls, com(tag), part.zfill(2))


def _descriptions(ctx: MappingContext, tm: etree._Element, rep: etree._Element) -> None:
    path = f"{REP}/tmk:MarkDescriptionBag/tmk:MarkDescriptionText"
    texts = list(ctx.texts(tm, "MarkDescriptionDetails/MarkDescription", path))
    if texts:
        bag = sub(rep, tmk("MarkDescriptionBag"))
        for text, lang in texts:
            lang_sub(bag, tmk("MarkDescriptionText"), text, lang)


def map_disclaimers(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> None:
    path = f"{T}/tmk:MarkDisclaimerBag/tmk:MarkDisclaimerText"
    texts = list(ctx.texts(tm, "MarkDisclaimerDetails/MarkDisclaimer", path))
    if texts:
        bag = sub(out, tmk("MarkDisclaimerBag"))
        for seq, (text, lang) in enumerate(texts, 1):
            lang_sub(bag, tmk("MarkDisclaimerText"), text, lang, seq)
