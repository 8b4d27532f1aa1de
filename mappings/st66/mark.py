"""ST.66 identification, status, category and mark representation → ST.96.

Covers the head of ``tmk:Trademark`` (office, numbers, dates, status, category) and
``tmk:MarkRepresentation`` (feature, word mark, images with Vienna codes, descriptions), plus
disclaimers. Each function appends to the ST.96 root in the schema's sequence order.
"""

from __future__ import annotations

import re

from lxml import etree

from mappings.errors import MappingError
from mappings.framework.context import MappingContext
from mappings.framework.values import lang_sub
from mappings.st66.route import read_route
from mappings.st96 import com, sub, tmk

T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
IMG = f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage"
DEFAULT_MARK_CATEGORY = "Trademark"
"""Filled in when the export has no KindMark: every record of a trademark register is at least
a trademark. Reported as generated."""

_VIENNA = re.compile(r"(\d{1,2})(?:[.\s]?(\d{1,2}))?(?:[.\s]?(\d{1,2}))?\Z")


def map_identification(
    ctx: MappingContext, tm: etree._Element, out: etree._Element, transaction: etree._Element | None
) -> dict:
    """Office, numbers, dates, language, status, route and category (``transaction``: the
    IPAS envelope's TransactionContentDetails, None for a bare TradeMark). Returns facts for
    later checks and for the elements written at the end of the record."""
    office = ctx.code(
        "office", ctx.text(tm, "RegistrationOfficeCode"), f"{T}/com:RegistrationOfficeCode"
    )
    if office is None and ctx.office:
        office = ctx.office
        ctx.report(
            "TM-OFFICE-CODE-MISSING",
            "info",
            f"{T}/com:RegistrationOfficeCode",
            f"The record has no RegistrationOfficeCode; the harvested office {office} was used.",
            "Export RegistrationOfficeCode in every record.",
            generated=True,
        )
    if office:
        sub(out, com("RegistrationOfficeCode"), office)
    app_no = ctx.text(tm, "ApplicationNumber", f"{T}/com:ApplicationNumber")
    reg_no = ctx.text(tm, "RegistrationNumber", f"{T}/com:RegistrationNumber")
    if app_no is None and reg_no is None:
        raise MappingError(
            "the trademark has neither an ApplicationNumber nor a RegistrationNumber; "
            "ST.96 needs at least one to identify the mark"
        )
    if app_no is not None:
        number = sub(out, com("ApplicationNumber"))
        if office:
            sub(number, com("IPOfficeCode"), office)
        sub(number, com("ApplicationNumberText"), app_no)
    else:
        ctx.report(
            "TM-APPLICATION-NUMBER-MISSING",
            "error",
            f"{T}/com:ApplicationNumber",
            "The record has no ApplicationNumber; it is identified by its registration number.",
            "Export the application number of every mark.",
        )
    if reg_no is not None:
        sub(out, com("RegistrationNumber"), reg_no)
    app_date = map_dates(ctx, tm, out, "ApplicationDate", "RegistrationDate", "Registration date")
    for tag in ("ApplicationLanguageCode", "SecondLanguageCode"):
        lang = ctx.code("language", ctx.text(tm, tag), f"{T}/com:{tag}")
        if lang:
            sub(out, com(tag), lang)
    map_expiry(ctx, tm, out, "ExpiryDate", app_date)
    termination = ctx.date(tm, "TerminationDate", f"{T}/tmk:TerminationDate")
    if termination:
        sub(out, tmk("TerminationDate"), termination)
    status_word = _status(ctx, tm, out)
    route = read_route(ctx, transaction)
    if route.madrid:
        _madrid(ctx, out, office, reg_no)
    unknown_kind = _category(ctx, tm, out, route.kind)
    return {
        "application_number": app_no or reg_no,
        "unknown_kind": unknown_kind,
        "status_word": status_word,
        "route_words": route.words,
    }


def map_dates(
    ctx: MappingContext,
    src: etree._Element,
    out: etree._Element,
    application_tag: str,
    registration_tag: str,
    registration_label: str,
) -> str | None:
    """com:ApplicationDate and com:RegistrationDate from the source's ``application_tag`` and
    ``registration_tag`` children, with a finding for a registration before the application
    (``registration_label`` names the source's date in it); returns the application date."""
    app_date = ctx.date(src, application_tag, f"{T}/com:ApplicationDate")
    reg_date = ctx.date(src, registration_tag, f"{T}/com:RegistrationDate")
    if app_date:
        sub(out, com("ApplicationDate"), app_date)
    if reg_date:
        sub(out, com("RegistrationDate"), reg_date)
    if app_date and reg_date and reg_date < app_date:
        ctx.report(
            "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
            "error",
            f"{T}/com:RegistrationDate",
            f"{registration_label} {reg_date} is before the application date {app_date}.",
            "Check both dates in the register.",
        )
    return app_date


def map_expiry(
    ctx: MappingContext, src: etree._Element, out: etree._Element, tag: str, app_date: str | None
) -> None:
    """com:ExpiryDate from the source's ``tag`` child, with a finding when it is before the
    application date."""
    expiry = ctx.date(src, tag, f"{T}/com:ExpiryDate")
    if expiry:
        sub(out, com("ExpiryDate"), expiry)
        if app_date and expiry < app_date:
            ctx.report(
                "TM-DATE-EXPIRY-BEFORE-APPLICATION",
                "error",
                f"{T}/com:ExpiryDate",
                f"Expiry date {expiry} is before the application date {app_date}.",
                "Check both dates in the register.",
            )


def _status(ctx: MappingContext, tm: etree._Element, out: etree._Element) -> str | None:
    """tmk:MarkCurrentStatusCode (the ST.96 category when the vocabulary knows the word) and
    its date. Returns the office's own word when the code written differs from it, to be kept
    in tmk:MarkCurrentStatusExternalDescriptionText."""
    status = ctx.text(tm, "MarkCurrentStatusCode", f"{T}/tmk:MarkCurrentStatusCode")
    mapped = None
    if status is not None:
        mapped = ctx.vocab.lookup("status", status)
        if mapped is None:
            ctx.unknown(
                "status",
                status,
                f"{T}/tmk:MarkCurrentStatusCode",
                "it is kept verbatim in tmk:MarkCurrentStatusCode (free text is allowed there)",
            )
        sub(out, tmk("MarkCurrentStatusCode"), mapped or status)
    status_date = ctx.date(tm, "MarkCurrentStatusDate", f"{T}/tmk:MarkCurrentStatusDate")
    if status_date:
        sub(out, tmk("MarkCurrentStatusDate"), status_date)
    if mapped and mapped.casefold() != status.casefold():
        return status
    return None


def _madrid(ctx: MappingContext, out: etree._Element, office: str | None, ir: str | None) -> None:
    """A Madrid designation: the designated office's country and the international
    registration (IPAS keeps the IR number as the designation's registration number)."""
    if office:
        country = sub(sub(out, tmk("DesignatedCountryBag")), tmk("DesignatedCountry"))
        sub(country, com("DesignatedCountryCode"), office)
    if ir:
        sub(sub(out, tmk("InternationalMarkIdentifierBag")), tmk("InternationalMarkIdentifier"), ir)
        return
    ctx.report(
        "TM-MADRID-REFERENCE-MISSING",
        "warning",
        f"{T}/tmk:InternationalMarkIdentifierBag",
        "The record is a Madrid designation but has no RegistrationNumber holding the "
        "international registration number; it is published without it.",
        "Export the international registration number of every Madrid designation.",
    )


def _category(
    ctx: MappingContext, tm: etree._Element, out: etree._Element, route_kind: str | None
) -> str | None:
    """tmk:MarkCategory from KindMark, else from the transaction's kind (individual,
    collective, certification); returns the kind text when unknown (kept elsewhere)."""
    path = f"{T}/tmk:MarkCategory"
    kind = ctx.text(tm, "KindMark", path)
    if kind is None and route_kind:
        sub(out, tmk("MarkCategory"), route_kind)
        return None
    if kind is None:
        sub(out, tmk("MarkCategory"), DEFAULT_MARK_CATEGORY)
        ctx.report(
            "TM-MARK-CATEGORY-MISSING",
            "warning",
            path,
            f"The record has no KindMark nor a kind in its TransactionSubCode; tmk:MarkCategory "
            f"was set to {DEFAULT_MARK_CATEGORY!r}.",
            "Export KindMark (Individual, Collective, Certificate, ...) for every mark.",
            generated=True,
        )
        return None
    mapped = ctx.vocab.lookup("mark_category", kind)
    if mapped:
        sub(out, tmk("MarkCategory"), mapped)
        return None
    ctx.unknown("mark_category", kind, path, "it is kept in com:CommentText, no category is set")
    return kind


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
            if translit:
                sub(spec, tmk("MarkTransliteration"), translit)
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
        filename = ctx.text(image, "MarkImageFilename", f"{IMG}/com:FileName")
        if filename is None:
            ctx.report(
                "TM-IMAGE-FILENAME-MISSING",
                "error",
                f"{IMG}/com:FileName",
                "A mark image has no file name; the image entry was left out.",
                "Export MarkImageFilename for every MarkImage.",
            )
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
        if version:
            sub(national, com("NationalClassificationEdition"), version)
        for code in codes:
            sub(national, com("NationalFigurativeElementClassification"), code)
        return
    vienna = sub(bag, com("ViennaClassificationBag"))
    if version:
        sub(vienna, com("ViennaClassificationEdition"), version)
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
