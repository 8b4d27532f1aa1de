"""IPOS identification, status, category and mark representation → the head of tmk:Trademark.

Each function appends to the ST.96 root in ``tmk:TrademarkType``'s sequence order. The three
IPOS roots share the mark-index elements (words, translation, transliteration, phonetic
equivalent, device description) and the logo; only ``Trademark`` has dates, status and flags.
"""

from __future__ import annotations

from lxml import etree

from mappings.errors import MappingError
from mappings.framework.context import MappingContext
from mappings.sgtm import vocab
from mappings.sgtm.table import FLAG_FEATURES
from mappings.sgtm.words import lookup, read_flag
from mappings.st66.mark import default_category, map_dates, map_expiry
from mappings.st96 import com, sub, sub_if, tmk

T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
WORD = f"{REP}/tmk:MarkReproduction/tmk:WordMarkSpecification"
IMG = f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage"
DEFAULT_OFFICE = "SG"
SPECIAL_CATEGORY = "Mark"
"""tmk:MarkCategory of Article 6ter emblems and R13 signs: ST.96's most general category (they
are protected signs, not trademark applications); the list is named in com:CommentText."""
SPECIAL_LISTS = {
    "Article6ter": (
        "article_6ter_no",
        "Article 6ter emblem (Paris Convention): armorial bearings, flag, State emblem or "
        "official sign of a State or intergovernmental organisation protected in Singapore; "
        "not a trademark application",
    ),
    "R13": (
        "r13_no",
        "IPOS R13 list entry: a protected sign published beside the trademark register; "
        "not a trademark application",
    ),
}
_OTHER_DATE = tmk("otherDateCategory")
_IR_DATE = "International application or registration date"


def number_tag(kind: str) -> str:
    return SPECIAL_LISTS[kind][0] if kind in SPECIAL_LISTS else "tm_no"


def map_identification(
    ctx: MappingContext, rec: etree._Element, out: etree._Element, kind: str
) -> tuple[str, list[str]]:
    """Office, number, dates, status, division/conversion, IR and category.

    Returns (the record's number, texts for com:CommentText)."""
    comments: list[str] = []
    office = ctx.office if ctx.office and len(ctx.office) == 2 else DEFAULT_OFFICE
    ctx.report(
        "TM-OFFICE-CODE-MISSING",
        "info",
        f"{T}/com:RegistrationOfficeCode",
        f"The IPOS export carries no office code; the harvested office {office} was used.",
        generated=True,
    )
    sub(out, com("RegistrationOfficeCode"), office)
    tag = number_tag(kind)
    number = ctx.text(rec, tag, f"{T}/com:ApplicationNumber")
    if number is None:
        raise MappingError(f"the IPOS {kind} record has no {tag}; ST.96 needs it to identify it")
    app_no = sub(out, com("ApplicationNumber"))
    sub(app_no, com("IPOfficeCode"), office)
    sub(app_no, com("ApplicationNumberText"), number)
    if kind in SPECIAL_LISTS:
        comments.append(SPECIAL_LISTS[kind][1])
        return number, comments
    app_date = map_dates(
        ctx,
        rec,
        out,
        "application_date",
        "registration_completion_date",
        "Registration completion date",
    )
    ir_date = ctx.date(rec, "ir_date", f"{T}/tmk:OtherDate")
    if ir_date:
        sub(out, tmk("OtherDate"), ir_date, **{_OTHER_DATE: _IR_DATE})
    map_expiry(ctx, rec, out, "expiry_date", app_date)
    _status(ctx, rec, out)
    _division_conversion(ctx, rec, out, number, comments)
    ir_no = ctx.text(rec, "ir_no", f"{T}/tmk:InternationalMarkIdentifierBag")
    if ir_no:
        bag = sub(out, tmk("InternationalMarkIdentifierBag"))
        sub(bag, tmk("InternationalMarkIdentifier"), ir_no)
    part = ctx.text(rec, "application_part", f"{T}/com:CommentText")
    if part:
        comments.append(f"Application part: {part}")
    return number, comments


def _status(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    path = f"{T}/tmk:MarkCurrentStatusCode"
    status = ctx.text(rec, "mark_status", path)
    if status is not None:
        mapped = lookup(
            ctx,
            "mark_status",
            status,
            path,
            "it is kept verbatim in tmk:MarkCurrentStatusCode (free text is allowed there)",
        )
        sub(out, tmk("MarkCurrentStatusCode"), mapped or status)
    when = ctx.date(rec, "status_date", f"{T}/tmk:MarkCurrentStatusDate")
    sub_if(out, tmk("MarkCurrentStatusDate"), when)


def _division_conversion(
    ctx: MappingContext, rec: etree._Element, out: etree._Element, number: str, comments: list[str]
) -> None:
    path = f"{T}/tmk:DivisionalApplicationBag/tmk:InitialApplicationNumber"
    parents = {
        text
        for division in ctx.findall(rec, "division_details/division")
        if (text := ctx.text(division, "org_tm_no", path)) and text != number
    }
    if parents:  # this mark was divided out of another one (ST.96 holds one initial number)
        _initial(out, "DivisionalApplicationBag", min(parents))
    path = f"{T}/tmk:ConversionApplicationBag/tmk:InitialApplicationNumber"
    converted = ctx.text(rec, "convert_application", path)
    if converted is None:
        return
    flag = vocab.lookup("flag", converted)
    if flag is None:
        _initial(out, "ConversionApplicationBag", converted)
    elif flag == "true":
        comments.append("Converted application (the export names no initial application)")


def _initial(out: etree._Element, bag: str, number: str) -> None:
    initial = sub(sub(out, tmk(bag)), tmk("InitialApplicationNumber"))
    sub(initial, com("ApplicationNumberText"), number)


def map_category(
    ctx: MappingContext, rec: etree._Element, out: etree._Element, kind: str, comments: list[str]
) -> None:
    path = f"{T}/tmk:MarkCategory"
    if kind in SPECIAL_LISTS:
        sub(out, tmk("MarkCategory"), SPECIAL_CATEGORY)
        ctx.report(
            "SG-TM-SPECIAL-LIST-RECORD",
            "info",
            path,
            f"This is an IPOS {kind} record, not a trademark application: it is published as "
            f"tmk:Trademark with tmk:MarkCategory {SPECIAL_CATEGORY!r} and the list named in "
            "com:CommentText.",
            generated=True,
        )
        return
    raw = ctx.text(rec, "application_type", path)
    if raw is None:
        default_category(
            ctx,
            out,
            "application_type",
            "Export application_type (Trade Mark, Collective Mark, Certification Mark, ...).",
        )
        return
    mapped = lookup(
        ctx, "application_type", raw, path, "it is kept in com:CommentText, no category is set"
    )
    if mapped:
        sub(out, tmk("MarkCategory"), mapped)
    else:
        comments.append(f"Application type (office value): {raw}")


def map_representation(
    ctx: MappingContext, rec: etree._Element, out: etree._Element, kind: str
) -> list[str]:
    """tmk:MarkRepresentation; returns texts for tmk:MarkFeatureDescription."""
    index = rec if kind in SPECIAL_LISTS else ctx.find(rec, "mark_index")
    rep = sub(out, tmk("MarkRepresentation"))
    feature_slot = sub(rep, tmk("MarkFeatureCategory"))  # filled or removed below
    reproduction = sub(rep, tmk("MarkReproduction"))
    has_words = index is not None and _words(ctx, index, reproduction)
    colour = read_flag(ctx, rec, "mark_lodge_in_color", f"{IMG}/com:ColourIndicator")
    has_logo = _logos(ctx, rec, reproduction, colour)
    feature, notes = _feature(ctx, rec, kind, has_words, has_logo)
    if feature:
        feature_slot.text = feature
    else:
        rep.remove(feature_slot)
    path = f"{REP}/tmk:MarkDescriptionBag/tmk:MarkDescriptionText"
    texts = [t for t, _ in ctx.texts(rec, "mark_description", path)]
    if index is not None:
        texts += [t for t, _ in ctx.texts(index, "device_description", path)]
    if texts:
        bag = sub(rep, tmk("MarkDescriptionBag"))
        for text in texts:
            sub(bag, tmk("MarkDescriptionText"), text)
    if not len(reproduction):
        out.remove(rep)
        ctx.report(
            "TM-REPRESENTATION-MISSING",
            "warning",
            REP,
            "The record has neither words_in_mark nor a logo; no tmk:MarkRepresentation is "
            "published.",
            "Export words_in_mark or logo_details.",
        )
        if feature:
            notes.insert(0, f"Mark feature: {feature}")
        notes += [f"Mark description: {t}" for t in texts]
    return notes


def _words(ctx: MappingContext, index: etree._Element, reproduction: etree._Element) -> bool:
    words = list(ctx.texts(index, "words_in_mark", f"{WORD}/tmk:MarkVerbalElementText"))
    translations = [
        t for t, _ in ctx.texts(index, "translation", f"{WORD}/tmk:MarkTranslationText")
    ]
    translit = ctx.text(index, "transliteration", f"{WORD}/tmk:MarkTransliteration")
    phonetic = [
        t for t, _ in ctx.texts(index, "phonetic_equivalent", f"{WORD}/tmk:MarkTranscription")
    ]
    if not words:
        if translations or translit or phonetic:
            ctx.report(
                "SG-TM-WORDS-MISSING",
                "warning",
                WORD,
                "The mark has a translation, transliteration or phonetic equivalent but no "
                "words_in_mark; ST.96 attaches those to the words, so they were left out.",
                "Export words_in_mark with the translation.",
            )
        return False
    for n, (text, _) in enumerate(words):
        spec = sub(reproduction, tmk("WordMarkSpecification"))
        sub(spec, tmk("MarkVerbalElementText"), text)
        sub(spec, tmk("MarkSignificantVerbalElementText"), text)
        if n == 0:
            for seq, tr in enumerate(translations, 1):
                sub(spec, tmk("MarkTranslationText"), tr, **{com("sequenceNumber"): str(seq)})
            sub_if(spec, tmk("MarkTransliteration"), translit)
            for ph in phonetic:
                sub(spec, tmk("MarkTranscription"), ph)
    ctx.report(
        "TM-SIGNIFICANT-VERBAL-ELEMENT-GENERATED",
        "info",
        f"{WORD}/tmk:MarkSignificantVerbalElementText",
        "ST.96 requires the significant verbal element; the IPOS export has none, so the hub "
        "copied words_in_mark into it.",
        generated=True,
    )
    return True


def _logos(
    ctx: MappingContext, rec: etree._Element, reproduction: etree._Element, colour: bool | None
) -> bool:
    logos = ctx.findall(rec, "logo_details")
    if not logos:
        return False
    bag = sub(reproduction, tmk("MarkImageBag"))
    for logo in logos:
        filename = ctx.required(
            logo,
            "file_name",
            f"{IMG}/com:FileName",
            "TM-IMAGE-FILENAME-MISSING",
            "A logo has no file_name; the image entry was left out.",
            "Export file_name for every logo.",
        )
        if filename is None:
            continue
        image = sub(bag, tmk("MarkImage"), **{com("sequenceNumber"): str(len(bag) + 1)})
        sub(image, com("FileName"), filename)
        fmt = ctx.text(logo, "type", f"{IMG}/com:ImageFormatCategory") or ctx.text(
            logo, "Type", f"{IMG}/com:ImageFormatCategory"
        )
        if fmt is not None:
            mapped = lookup(
                ctx,
                "image_format",
                fmt,
                f"{IMG}/com:ImageFormatCategory",
                "ST.96 only lists JPEG, TIFF, PNG, GIF and SVG; the format is left out",
            )
            sub_if(image, com("ImageFormatCategory"), mapped)
        if colour is not None:
            sub(image, com("ColourIndicator"), "true" if colour else "false")
    if not len(bag):
        reproduction.remove(bag)
        return False
    return True


def _feature(
    ctx: MappingContext, rec: etree._Element, kind: str, has_words: bool, has_logo: bool
) -> tuple[str | None, list[str]]:
    """tmk:MarkFeatureCategory from the non-conventional kind and flags, else from the parts."""
    path = f"{REP}/tmk:MarkFeatureCategory"
    candidates: list[tuple[str, str]] = []
    notes: list[str] = []
    raw = ctx.text(rec, "non_conventional_mark", path)
    flag = vocab.lookup("flag", raw) if raw is not None else None
    if flag == "true":
        notes.append("Non-conventional mark (the export does not say which kind)")
    elif raw is not None and flag is None:
        mapped = lookup(ctx, "mark_feature", raw, path, "it is kept in tmk:MarkFeatureDescription")
        if mapped:
            candidates.append((mapped, raw))
        else:
            notes.append(f"Non-conventional mark: {raw}")
    for tag, category, label in FLAG_FEATURES:
        if read_flag(ctx, rec, tag, path):
            candidates.append((category, label))
    if candidates:
        notes += [label for cat, label in candidates if cat == "Other" or len(candidates) > 1]
        return candidates[0][0], notes
    if kind not in SPECIAL_LISTS and not has_words and not has_logo:
        return None, notes
    derived = "Combined" if has_words and has_logo else "Word" if has_words else "Figurative"
    if has_words or has_logo:
        ctx.report(
            "SG-TM-FEATURE-DERIVED",
            "info",
            path,
            f"The IPOS export has no mark-type field; tmk:MarkFeatureCategory {derived!r} was "
            "derived from the presence of words and a logo.",
            generated=True,
        )
        return derived, notes
    return None, notes


def map_disclaimers(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    path = f"{T}/tmk:MarkDisclaimerBag/tmk:MarkDisclaimerText"
    texts = [t for t, _ in ctx.texts(rec, "clause_details/clause", path)]
    if texts:
        bag = sub(out, tmk("MarkDisclaimerBag"))
        for text in texts:
            sub(bag, tmk("MarkDisclaimerText"), text)
