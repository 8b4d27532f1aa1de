"""Code rules: ST.3 office/country codes, ISO 639 languages, Nice, Locarno and IPC symbols.

Code lists are the ST.96 enumerations, kept as the project's own data (``st96_codes.toml``,
read by :func:`mappings.st96.is_code`), so findings never depend on whether the schemas are
installed. The XSD check reports the same defects when the schemas are installed, but in
schema jargon; these findings say which code is wrong and why.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mappings.model import Finding
from mappings.rules.checks import bad_values, each, each_kind
from mappings.rules.engine import ALL, LANGUAGE_ATTR, RecordContext, Rule, clark, element_path, rule
from mappings.rules.paths import paths
from mappings.st96 import is_code

FAMILY = "codes"


@lru_cache(maxsize=4096)  # a record has a dozen codes, nearly always the same few
def _bad_region(value: str) -> bool:
    return bool(value) and not (is_code("office", value) or is_code("country", value))


@lru_cache(maxsize=4096)
def _bad_language(value: str) -> bool:
    return not is_code("language", value)


_NICE = re.compile(r"0{0,2}([1-9]|[1-3][0-9]|4[0-5])\Z")
_LOCARNO_CLASS = re.compile(r"(0?[1-9]|[1-2][0-9]|3[0-2])\Z")
_LOCARNO_TEXT = re.compile(r"(0?[1-9]|[1-2][0-9]|3[0-2])-(\d{2})\Z")
#: Where a design's Locarno classes are, below the record's root.
_LOCARNO_BAG = "com:DesignClassificationBag/com:LocarnoClassificationBag"
_LOCARNO_CLASS_PATH = f"{_LOCARNO_BAG}/com:LocarnoClassification/com:LocarnoClass"
_IPC = re.compile(r"[A-H](\d{2}([A-Z](\s*\d{1,4}\s*/\s*\d{1,6})?)?)?(\s*\(\d{4}\.\d{2}\))?\Z")


def _languages(ctx: RecordContext, r: Rule) -> list[Finding]:
    """Language attributes (``com:languageCode``) are checked with the language elements."""
    out = []
    for el in ctx.elements("language-attr"):
        value = el.get(LANGUAGE_ATTR, "")
        if _bad_language(value):
            out.append(
                r.finding(
                    ctx,
                    path=f"{element_path(el)}/@com:languageCode",
                    message=f"{value!r} is not an ISO 639-1 language code.",
                )
            )
    return out


_LANGUAGE_ELEMENTS = each_kind(
    "language",
    lambda v: bool(v) and _bad_language(v),
    "{value!r} is not an ISO 639-1 language code.",
)


def _language_check(ctx: RecordContext, r: Rule) -> list[Finding]:
    return [*_LANGUAGE_ELEMENTS(ctx, r), *_languages(ctx, r)]


_PATENT_IPC = (
    "pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification"
    "/pat:PatentClassificationText"
    " | pat:PatentClassificationBag/pat:IPCClassification/*/pat:PatentClassificationText"
)


def _ipcr_parts(ctx: RecordContext, r: Rule) -> list[Finding]:
    """Structured IPCR symbols (Section, Class, Subclass, groups) checked as one symbol."""
    out = []
    for el in ctx.find(_IPCR):
        if next(el.iterchildren(_IPCR_SECTION), None) is None:  # ``[pat:Section]``
            continue
        parts = [el.findtext(f"{{{_PAT}}}{name}", "").strip() for name in _IPCR_PARTS]
        symbol = f"{parts[0]}{parts[1]}{parts[2]}"
        if parts[3] or parts[4]:
            symbol += f" {parts[3]}/{parts[4]}"
        if symbol and not _IPC.match(symbol):
            out.append(r.at(ctx, el, f"{symbol!r} is not a valid IPC symbol (e.g. H01L 21/30)."))
    return out


_PAT = "http://www.wipo.int/standards/XMLSchema/ST96/Patent"
_IPCR = paths("pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification")
_IPCR_SECTION = clark("pat:Section")
_IPCR_PARTS = ("Section", "Class", "Subclass", "MainGroup", "Subgroup")
_IPC_TEXT = each(
    _PATENT_IPC,
    lambda v: bool(v) and not _IPC.match(v),
    "{value!r} is not a valid IPC symbol (e.g. H01L 21/30).",
)


_NICE_PLACES = (
    paths(
        "tmk:GoodsServicesBag/tmk:GoodsServices/tmk:ClassDescriptionBag/tmk:ClassDescription"
        "/tmk:ClassNumber"
    ),
    paths(
        "tmk:GoodsServicesBag/tmk:GoodsServices/tmk:GoodsServicesClassificationBag"
        "/tmk:GoodsServicesClassification/tmk:ClassNumber"
    ),
)


def _nice(ctx: RecordContext, r: Rule) -> list[Finding]:
    """Each wrong class once, at its class description (where mappers point) if it has one."""
    out = []
    seen: set[str] = set()
    for place in _NICE_PLACES:
        for finding in bad_values(
            ctx, r, ctx.find(place), _bad_nice, "{value!r} is not a Nice class (1-45)."
        ):
            if finding.message not in seen:
                seen.add(finding.message)
                out.append(finding)
    return out


def _bad_nice(value: str) -> bool:
    return not _NICE.match(value)


def _ipc(ctx: RecordContext, r: Rule) -> list[Finding]:
    return [*_IPC_TEXT(ctx, r), *_ipcr_parts(ctx, r)]


RULES = (
    rule(
        "CODE-COUNTRY-INVALID",
        "error",
        ALL,
        "{root}//*CountryCode | {root}//*OfficeCode",
        "An office or country code is not a WIPO ST.3 / ISO 3166 code.",
        "Use two-letter ST.3 codes in capitals (e.g. KH, not KHM or Cambodia; GB, not UK).",
        family=FAMILY,
        check=each_kind(
            "region",
            _bad_region,
            "{value!r} is not a WIPO ST.3 office or ISO 3166 country code.",
        ),
        aliases=("SRC-CODE-INVALID",),
    ),
    rule(
        "CODE-LANGUAGE-INVALID",
        "error",
        ALL,
        "{root}//*LanguageCode | {root}//@com:languageCode",
        "A language code is not an ISO 639-1 code.",
        "Use two-letter ISO 639-1 codes in lower case (e.g. km for Khmer, id for Indonesian).",
        family=FAMILY,
        check=_language_check,
        aliases=("SRC-LANGUAGE-CODE-INVALID",),
    ),
    rule(
        "TM-NICE-CLASS-INVALID",
        "error",
        ("trademarks",),
        "{root}/tmk:GoodsServicesBag//tmk:ClassNumber",
        "A Nice class is not a number from 1 to 45.",
        "Use the Nice class number (1-45) of the goods or services.",
        family=FAMILY,
        check=_nice,
    ),
    rule(
        "DES-LOCARNO-INVALID",
        "error",
        ("designs",),
        "{root}/" + _LOCARNO_BAG,
        "A Locarno classification is not in the form class-subclass (e.g. 06-01).",
        "Send Locarno classes as class-subclass, class 1-32, e.g. 06-01.",
        family=FAMILY,
        check=each(
            f"{_LOCARNO_BAG}/com:LocarnoClassificationText",
            lambda v: not _LOCARNO_TEXT.match(v),
            "{value!r} is not a Locarno class-subclass (e.g. 06-01).",
        ),
    ),
    rule(
        "DES-LOCARNO-CLASS-INVALID",
        "error",
        ("designs",),
        "{root}/" + _LOCARNO_CLASS_PATH,
        "A Locarno class is not a number from 1 to 32.",
        "Use the Locarno class number (1-32).",
        family=FAMILY,
        check=each(
            _LOCARNO_CLASS_PATH,
            lambda v: not _LOCARNO_CLASS.match(v),
            "{value!r} is not a Locarno class (1-32).",
        ),
    ),
    rule(
        "PAT-IPC-INVALID",
        "error",
        ("patents",),
        "{root}/pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification",
        "An IPC symbol is not well formed.",
        "Write IPC symbols as section, class, subclass, group/subgroup, e.g. H01L 21/30.",
        family=FAMILY,
        check=_ipc,
    ),
)
