"""Declared coverage of the ST.66 (IPAS) trademark mapping: every source path → where it goes.

One entry per source element path (as written in ``shared/office-formats/trademarks/XX.paths``,
without the attribute variants). The value is the ST.96 path it is mapped to, or a
:class:`~mappings.model.NotMapped` with the reason it deliberately is not. An element of a
record whose path is not in this table is reported as ``MAP-UNMAPPED-ELEMENT`` (it stays in
the stored source record).

Paths beyond the offices' files (legal entity, nationality, transliteration, descriptions...)
are ST.66 elements other IPAS installations export; they are mapped too.
"""

from __future__ import annotations

import re

from mappings.framework.table import CoverageTable, ipas_name_entries
from mappings.model import NotMapped
from mappings.retention import (
    CODE_LIST,
    DATE_FORM,
    NUMBER_FORM,
    Transformation,
    element,
    parts,
    vocabulary,
)
from mappings.vocabulary import OfficeVocabulary, normalise_key

#: The ST.66 namespace (records also come without any namespace).
ST66_NS = "http://www.wipo.int/standards/XMLSchema/trademarks"
ENVELOPE = "/Transaction/TradeMarkTransactionBody/TransactionContentDetails"
TM = f"{ENVELOPE}/TransactionData/TradeMarkApplication/TradeMarkDetails/TradeMark"
T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
WORD = f"{REP}/tmk:MarkReproduction/tmk:WordMarkSpecification"
IMG = f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage"
VIENNA = f"{IMG}/tmk:MarkImageClassification/com:FigurativeElementClassificationBag"
GS = f"{T}/tmk:GoodsServicesBag/tmk:GoodsServices"
CD = f"{GS}/tmk:ClassDescriptionBag/tmk:ClassDescription"
APP = f"{T}/tmk:ApplicantBag/tmk:Applicant"
RPR = f"{T}/com:RepresentativeBag/com:Representative"
EVT = f"{T}/tmk:MarkEventBag/tmk:MarkEvent"
PRI = f"{T}/tmk:PriorityBag/tmk:Priority"
PUB = f"{T}/tmk:PublicationBag/tmk:Publication"

_ENVELOPE_REASON = (
    "transaction envelope of the IPAS export (which batch/operation carried the record); "
    "ST.96 Trademark describes the mark, not the transfer"
)
_CONTAINER = "container only: its children are mapped"
_ROUTE = (
    f"{T}/tmk:DesignatedCountryBag and {T}/tmk:InternationalMarkIdentifierBag (Madrid "
    f"designation), {T}/tmk:MarkCategory (kind of mark), the words in {T}/com:CommentText"
)

_PATHS: dict[str, str | NotMapped] = {
    "/Transaction": NotMapped(_CONTAINER),
    "/Transaction/TradeMarkTransactionBody": NotMapped(_CONTAINER),
    ENVELOPE: NotMapped(_CONTAINER),
    f"{ENVELOPE}/TransactionIdentifier": NotMapped(_ENVELOPE_REASON),
    f"{ENVELOPE}/TransactionCode": _ROUTE,
    f"{ENVELOPE}/TransactionSubCode": _ROUTE,
    f"{ENVELOPE}/TransactionData": NotMapped(_CONTAINER),
    f"{ENVELOPE}/TransactionData/TradeMarkApplication": NotMapped(_CONTAINER),
    f"{ENVELOPE}/TransactionData/TradeMarkApplication/TradeMarkDetails": NotMapped(_CONTAINER),
    TM: T,
    # identification, dates, status
    f"{TM}/RegistrationOfficeCode": f"{T}/com:RegistrationOfficeCode",
    f"{TM}/ApplicationNumber": f"{T}/com:ApplicationNumber/com:ApplicationNumberText",
    f"{TM}/ApplicationDate": f"{T}/com:ApplicationDate",
    f"{TM}/RegistrationNumber": (
        f"{T}/com:RegistrationNumber (and, for a Madrid designation, "
        f"{T}/tmk:InternationalMarkIdentifierBag/tmk:InternationalMarkIdentifier)"
    ),
    f"{TM}/RegistrationDate": f"{T}/com:RegistrationDate",
    f"{TM}/ApplicationLanguageCode": f"{T}/com:ApplicationLanguageCode",
    f"{TM}/SecondLanguageCode": f"{T}/com:SecondLanguageCode",
    f"{TM}/ExpiryDate": f"{T}/com:ExpiryDate",
    f"{TM}/TerminationDate": f"{T}/tmk:TerminationDate",
    f"{TM}/MarkCurrentStatusCode": (
        f"{T}/tmk:MarkCurrentStatusCode (the office's word also in {T}"
        "/tmk:NationalTrademarkInformation/tmk:MarkCurrentStatusExternalDescriptionText)"
    ),
    f"{TM}/MarkCurrentStatusDate": f"{T}/tmk:MarkCurrentStatusDate",
    f"{TM}/KindMark": f"{T}/tmk:MarkCategory",
    f"{TM}/MarkFeature": f"{REP}/tmk:MarkFeatureCategory",
    f"{TM}/OppositionPeriodStartDate": f"{T}/tmk:OppositionPeriodStartDate",
    f"{TM}/OppositionPeriodEndDate": f"{T}/tmk:OppositionPeriodEndDate",
    f"{TM}/MarkSeriesTotalQuantity": f"{T}/tmk:MarkSeriesTotalQuantity",
    # word mark
    f"{TM}/WordMarkSpecification": WORD,
    f"{TM}/WordMarkSpecification/MarkVerbalElementText": f"{WORD}/tmk:MarkVerbalElementText",
    f"{TM}/WordMarkSpecification/MarkSignificantVerbalElementText": (
        f"{WORD}/tmk:MarkSignificantVerbalElementText"
    ),
    f"{TM}/WordMarkSpecification/MarkTranslation": f"{WORD}/tmk:MarkTranslationText",
    f"{TM}/WordMarkSpecification/MarkTranslationText": f"{WORD}/tmk:MarkTranslationText",
    f"{TM}/WordMarkSpecification/MarkTransliteration": f"{WORD}/tmk:MarkTransliteration",
    f"{TM}/MarkTranslationDetails": NotMapped(_CONTAINER),
    f"{TM}/MarkTranslationDetails/MarkTranslation": f"{WORD}/tmk:MarkTranslationText",
    f"{TM}/MarkTransliteration": f"{WORD}/tmk:MarkTransliteration",
    # images
    f"{TM}/MarkImageDetails": f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag",
    f"{TM}/MarkImageDetails/MarkImage": IMG,
    f"{TM}/MarkImageDetails/MarkImage/MarkImageFilename": f"{IMG}/com:FileName",
    f"{TM}/MarkImageDetails/MarkImage/MarkImageFileFormat": f"{IMG}/com:ImageFormatCategory",
    f"{TM}/MarkImageDetails/MarkImage/MarkImageColourClaimedText": (
        f"{IMG}/tmk:MarkImageColourClaimedText"
    ),
    f"{TM}/MarkImageDetails/MarkImage/MarkImageColourPartClaimedText": (
        f"{IMG}/tmk:MarkImageColourPartClaimedText"
    ),
    f"{TM}/MarkImageDetails/MarkImage/MarkImageCategory": VIENNA,
    f"{TM}/MarkImageDetails/MarkImage/MarkImageCategory/CategoryKind": (
        f"{VIENNA} (com:ViennaClassificationBag or com:NationalFigurativeElementClassificationBag)"
    ),
    f"{TM}/MarkImageDetails/MarkImage/MarkImageCategory/CategoryVersion": (
        f"{VIENNA}/com:ViennaClassificationBag/com:ViennaClassificationEdition"
    ),
    f"{TM}/MarkImageDetails/MarkImage/MarkImageCategory/CategoryCodeDetails": NotMapped(_CONTAINER),
    f"{TM}/MarkImageDetails/MarkImage/MarkImageCategory/CategoryCodeDetails/CategoryCode": (
        f"{VIENNA}/com:ViennaClassificationBag/com:ViennaClassification"
    ),
    # descriptions, disclaimers
    f"{TM}/MarkDescriptionDetails": f"{REP}/tmk:MarkDescriptionBag",
    f"{TM}/MarkDescriptionDetails/MarkDescription": (
        f"{REP}/tmk:MarkDescriptionBag/tmk:MarkDescriptionText"
    ),
    f"{TM}/MarkDisclaimerDetails": f"{T}/tmk:MarkDisclaimerBag",
    f"{TM}/MarkDisclaimerDetails/MarkDisclaimer": (
        f"{T}/tmk:MarkDisclaimerBag/tmk:MarkDisclaimerText"
    ),
    # goods and services
    f"{TM}/GoodsServicesDetails": f"{T}/tmk:GoodsServicesBag",
    f"{TM}/GoodsServicesDetails/GoodsServices": GS,
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassificationKindCode": (
        f"{GS}/tmk:GoodsServicesClassificationBag/tmk:GoodsServicesClassification"
        "/tmk:ClassificationKindCode"
    ),
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassificationVersion": (
        f"{GS}/com:ClassificationVersion"
    ),
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassDescriptionDetails": (
        f"{GS}/tmk:ClassDescriptionBag"
    ),
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/ClassDescription": CD,
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/ClassDescription"
    "/ClassNumber": f"{CD}/tmk:ClassNumber and {GS}/tmk:GoodsServicesClassificationBag",
    f"{TM}/GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/ClassDescription"
    "/GoodsServicesDescription": f"{CD}/tmk:GoodsServicesDescriptionText",
    # priorities
    f"{TM}/PriorityDetails": f"{T}/tmk:PriorityBag",
    f"{TM}/PriorityDetails/Priority": PRI,
    f"{TM}/PriorityDetails/Priority/PriorityCountryCode": f"{PRI}/com:PriorityCountryCode",
    f"{TM}/PriorityDetails/Priority/PriorityNumber": (
        f"{PRI}/com:ApplicationNumber/com:ApplicationNumberText"
    ),
    f"{TM}/PriorityDetails/Priority/PriorityDate": f"{PRI}/com:PriorityApplicationFilingDate",
    f"{TM}/PriorityDetails/Priority/PriorityStatusCode": f"{PRI}/com:PriorityStatusCategory",
    # publications
    f"{TM}/PublicationDetails": f"{T}/tmk:PublicationBag",
    f"{TM}/PublicationDetails/Publication": PUB,
    f"{TM}/PublicationDetails/Publication/PublicationIdentifier": (
        f"{PUB}/com:PublicationIdentifier"
    ),
    f"{TM}/PublicationDetails/Publication/PublicationSection": f"{PUB}/com:PublicationSubsection",
    f"{TM}/PublicationDetails/Publication/PublicationSubsection": (
        f"{PUB}/com:PublicationSubsection"
    ),
    f"{TM}/PublicationDetails/Publication/PublicationDate": f"{PUB}/com:PublicationDate",
    f"{TM}/PublicationDetails/Publication/PublicationPage": f"{PUB}/com:PublicationPage",
    # events
    f"{TM}/MarkEventDetails": f"{T}/tmk:MarkEventBag",
    f"{TM}/MarkEventDetails/MarkEvent": EVT,
    f"{TM}/MarkEventDetails/MarkEvent/MarkEventCode": (
        f"{EVT}/tmk:MarkEventCategory (the office's word also in tmk:NationalMarkEvent)"
    ),
    f"{TM}/MarkEventDetails/MarkEvent/MarkEventDate": f"{EVT}/tmk:MarkEventDate",
    f"{TM}/MarkEventDetails/MarkEvent/OfficeSpecificMarkEventCode": (
        f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventCode"
    ),
    f"{TM}/MarkEventDetails/MarkEvent/OfficeSpecificMarkEventDescription": (
        f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText "
        "(ST.96 gives this text no languageCode: variants follow each other in source order)"
    ),
    f"{TM}/MarkEventDetails/MarkEvent/OfficeSpecificMarkEventName": (
        f"{EVT}/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText"
    ),
    f"{TM}/MarkEventDetails/MarkEvent/MarkEventResponseDate": f"{EVT}/tmk:MarkEventResponseDate",
}


def _party(kind: str, st96: str) -> dict[str, str | NotMapped]:
    """Applicant and representative share the IPAS name/address book structure."""
    base = f"{TM}/{kind}Details/{kind}"
    book = f"{base}/{kind}AddressBook/FormattedNameAddress"
    contact = f"{st96}/com:Contact"
    address = f"{contact}/com:PostalAddressBag/com:PostalAddress/com:PostalStructuredAddress"
    return {
        f"{TM}/{kind}Details": st96.rsplit("/", 1)[0],
        base: st96,
        f"{base}/{kind}Identifier": f"{st96}/com:PartyIdentifier",
        f"{base}/{kind}SequenceNumber": f"{st96}/@com:sequenceNumber",
        f"{base}/{kind}LegalEntity": (
            f"{st96}/com:LegalEntityName (and chooses com:PersonName / com:OrganizationName)"
        ),
        f"{base}/{kind}NationalityCode": f"{st96}/com:NationalityCode",
        f"{base}/{kind}IncorporationCountryCode": f"{st96}/com:IncorporationCountryCode",
        f"{base}/{kind}IncorporationState": f"{st96}/com:IncorporationState",
        f"{base}/{kind}KindCode": f"{st96}/com:RepresentativeCategory",
        f"{base}/{kind}AddressBook": contact,
        **ipas_name_entries(book, contact, "one com:Contact per language"),
        f"{book}/Address/AddressCountryCode": f"{address}/com:CountryCode",
        f"{book}/Address/FreeFormatAddress": address,
        f"{book}/Address/FreeFormatAddress/FreeFormatAddressLine": f"{address}/com:AddressLineText",
    }


_PATHS.update(_party("Applicant", f"{T}/tmk:ApplicantBag/tmk:Applicant"))
_PATHS.update(_party("Representative", f"{T}/com:RepresentativeBag/com:Representative"))

#: Extension namespaces of the format, by the prefix the table's paths use for them. IPAS
#: writes the word mark, the current status and the event history in its own namespace
#: (``wo:WordMarkSpecification``, ``wo:MarkCurrentStatusCode``, ``wo:MarkEventDetails`` and
#: their children) beside the ST.66 elements; an element of any other namespace is unmapped
#: and reported, never read as the ST.66 element of the same local name.
WO_NS = "http://www.wipo.int/standards/XMLSchema/wo-trademarks"
PREFIXES = {"wo": WO_NS}
_IN_WO = ("MarkCurrentStatusCode", "MarkCurrentStatusDate", "WordMarkSpecification",
          "MarkEventDetails")  # fmt: skip


def _extension(prefix: str, names: tuple[str, ...]) -> dict[str, str | NotMapped]:
    """The ``prefix:`` variants of the entries at (and below) ``TM/name``: the same ST.96
    target, every step from ``name`` down in the extension namespace."""
    found = {}
    for name in names:
        for path, target in _PATHS.items():
            if path == f"{TM}/{name}" or path.startswith(f"{TM}/{name}/"):
                steps = path[len(TM) + 1 :].split("/")
                found[f"{TM}/" + "/".join(f"{prefix}:{s}" for s in steps)] = target
    return found


_PATHS.update(_extension("wo", _IN_WO))


_VIENNA = re.compile(r"(\d{1,2})(?:[.\s]?(\d{1,2}))?(?:[.\s]?(\d{1,2}))?\Z")
_FIGURATIVE_BAGS = {
    "Vienna": "ViennaClassificationBag",
    "National": "NationalFigurativeElementClassificationBag",
}


def _vienna_parts(code: str) -> list[str]:
    """A Vienna code as the mapper writes it: category, division, section elements."""
    m = _VIENNA.match(code)
    return [parts(*(p.zfill(2) for p in m.groups() if p))] if m else []


def transformations(vocab: OfficeVocabulary) -> tuple[Transformation, ...]:
    """The declared ways the mapper turns a source value into ST.96 values (for the
    value-retention check, :mod:`mappings.retention`): date forms, code lists' case, Nice
    class numbers, the office vocabulary (with IPAS's language tags), Vienna codes split into
    their parts, and CategoryKind choosing the figurative classification element."""
    kinds = vocab.tables.get("classification_kind", {})

    def kind(value: str) -> list[str]:
        bag = _FIGURATIVE_BAGS.get(kinds.get(normalise_key(value), ""))
        return [element(bag)] if bag else []

    return (
        DATE_FORM,
        CODE_LIST,
        NUMBER_FORM,
        vocabulary("office vocabulary", vocab.tables),
        Transformation("Vienna code parts", _vienna_parts),
        Transformation("figurative classification kind", kind),
    )


TABLE = CoverageTable(
    prefix="st66",
    paths=_PATHS,
    # the mapper carries languageCode → com:languageCode and sequenceNumber →
    # com:sequenceNumber over (on any element; order is kept anyway)
    handled_attributes=frozenset({"languageCode", "sequenceNumber"}),
    extensions=PREFIXES,
    bare_roots={"TradeMark": TM},
    transformations=transformations,
)
