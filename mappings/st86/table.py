"""Declared coverage of the ST.86 (IPAS) design mapping: every source path → where it goes.

Same form as the trademark table (:mod:`mappings.st66.table`): one entry per element path as
written in ``shared/office-formats/designs/XX.paths`` (without attribute variants); the value is
the ST.96 path it is mapped to, or a :class:`NotMapped` with the reason it deliberately is not.
The tests check that every path of every IPAS office's designs file is here, and the mapper
reports an element whose path is missing as ``MAP-UNMAPPED-ELEMENT``.

Paths are exact by namespace: a plain step is an element of the ST.86 namespace, a ``wo:``
step one of IPAS's extension namespace :data:`WO_DESIGNS` (where IPAS writes the design's
current status and its event history). IPAS extension elements are declared in both forms,
as the mapper reads either; an element of any other namespace is unmapped.
"""

from __future__ import annotations

from mappings.framework.table import CoverageTable, ipas_name_entries
from mappings.model import NotMapped
from mappings.retention import Transformation

WO_DESIGNS = "http://www.wipo.int/standards/XMLSchema/wo-designs"
#: Prefix of the coverage notation → extension namespace the IPAS design exports use.
EXTENSIONS = {"wo": WO_DESIGNS}
#: The IPAS extension elements of a Design (each with its subtree).
WO_ELEMENTS = ("DesignCurrentStatusCode", "DesignCurrentStatusDate", "DesignEventDetails")

ENVELOPE = "/Transaction/DesignTransactionBody/TransactionContentDetails"
DA = f"{ENVELOPE}/TransactionData/DesignApplicationDetails/DesignApplication"
DS = f"{DA}/DesignDetails/Design"
D = "/dgn:Design"
LOC = f"{D}/com:DesignClassificationBag/com:LocarnoClassificationBag"
LOCC = f"{LOC}/com:LocarnoClassification"
REPR = f"{D}/dgn:DesignRepresentationBag/dgn:DesignRepresentation"
SPEC = f"{D}/dgn:DesignSpecimenBag/dgn:DesignSpecimen"
PRI = f"{D}/dgn:PriorityBag/dgn:Priority"
PUB = f"{D}/dgn:PublicationBag/dgn:Publication"
EVT = f"{D}/dgn:DesignEventBag/dgn:DesignEvent"
REL = f"{D}/dgn:RelatedApplicationBag/dgn:RelatedApplication"
APP = f"{D}/dgn:ApplicantBag/dgn:Applicant"
DSG = f"{D}/dgn:DesignerBag/dgn:Designer"
RPR = f"{D}/com:RepresentativeBag/com:Representative"

_CONTAINER = "container only: its children are mapped"
_ENVELOPE_REASON = (
    "transaction envelope of the IPAS export (which batch/operation carried the record); "
    "ST.96 Design describes the design, not the transfer"
)

_PATHS: dict[str, str | NotMapped] = {
    "/Transaction": NotMapped(_CONTAINER),
    "/Transaction/DesignTransactionBody": NotMapped(_CONTAINER),
    ENVELOPE: NotMapped(_CONTAINER),
    f"{ENVELOPE}/TransactionIdentifier": NotMapped(_ENVELOPE_REASON),
    f"{ENVELOPE}/TransactionCode": NotMapped(_ENVELOPE_REASON),
    f"{ENVELOPE}/TransactionSubCode": NotMapped(_ENVELOPE_REASON),
    f"{ENVELOPE}/TransactionData": NotMapped(_CONTAINER),
    f"{ENVELOPE}/TransactionData/DesignApplicationDetails": NotMapped(_CONTAINER),
    DA: D,
    # the application around the design
    f"{DA}/RegistrationOfficeCode": f"{D}/dgn:DesignIdentifier/@com:officeCode",
    f"{DA}/ReceivingOfficeCode": NotMapped(
        "dgn:Design has no receiving office; for the national filings exported here it is the "
        "registration office (Hague filings are not harvested as national records)"
    ),
    f"{DA}/ReceivingOfficeDate": f"{EVT}/dgn:DesignEventDate (category Undefined, comment "
    "'Application received by the receiving office')",
    f"{DA}/DesignApplicationNumber": f"{D}/dgn:DesignReference (dgn:Design has no application "
    "number; the reference is the external identifier third parties search by)",
    f"{DA}/DesignApplicationDate": f"{EVT}/dgn:DesignEventDate (category Undefined, comment "
    "'Application filed'; dgn:Design has no filing date) and the Locarno edition in force",
    f"{DA}/DesignApplicationLanguageCode": "com:languageCode of every untagged text, and the "
    "preferred language where ST.96 carries one text only",
    f"{DA}/TotalDesign": NotMapped(
        "count of designs in the application; a dgn:Design record carries one design "
        "(DES-MULTIPLE-DESIGNS reports the others)"
    ),
    f"{DA}/ApplicantDetails": NotMapped(_CONTAINER),
    f"{DA}/ApplicantDetails/ApplicantKey": f"{APP}/com:PartyIdentifier of the design's "
    "applicant in the same position (when it sends no ApplicantIdentifier), or "
    f"{D}/dgn:ApplicantBag/com:PartyIdentifierBag/com:PartyIdentifier when the design names none",
    f"{DA}/ApplicantDetails/ApplicantKey/Identifier": f"{APP}/com:PartyIdentifier (as "
    "ApplicantKey)",
    f"{DA}/DesignApplicationStatementDetails": NotMapped(_CONTAINER),
    f"{DA}/DesignApplicationStatementDetails/DesignApplicationStatementText": (
        f"{D}/dgn:DesignDescriptionText"
    ),
    f"{DA}/DesignatedCountryDetails": NotMapped(_CONTAINER),
    f"{DA}/DesignatedCountryDetails/DesignatedCountry": NotMapped(_CONTAINER),
    f"{DA}/DesignatedCountryDetails/DesignatedCountry/DesignatedCountryCode": NotMapped(
        "Hague designations of the international application; ST.96 keeps them in "
        "dgn:HagueApplication, not in the national dgn:Design record"
    ),
    f"{DA}/DesignDetails": NotMapped(_CONTAINER),
    # the design
    DS: D,
    f"{DS}/DesignIdentifier": f"{D}/dgn:DesignIdentifier",
    f"{DS}/RegistrationNumber": f"{D}/com:RegistrationNumber",
    f"{DS}/RegistrationDate": f"{D}/com:RegistrationDate",
    f"{DS}/DesignTitle": f"{D}/dgn:DesignTitleText (ST.96 has one title: the one in the "
    "application language, else English, else the first; every language is an oai_dc "
    "dc:title with xml:lang)",
    f"{DS}/DesignDescription": f"{D}/dgn:DesignDescriptionText",
    f"{DS}/NoveltyStatement": f"{D}/dgn:NoveltyStatementText (one language, as for the title; "
    "every language is an oai_dc dc:description)",
    f"{DS}/Disclaimer": f"{D}/dgn:PartialDisclaimerText (one language, as for the title)",
    f"{DS}/TotalSpecimen": f"{D}/dgn:SpecimenTotalQuantity",
    f"{DS}/ExpiryDate": f"{D}/com:ExpiryDate",
    f"{DS}/DesignRenewalDueDate": f"{D}/com:ExpiryDate (when no ExpiryDate is sent: the current "
    "term ends when the renewal falls due)",
    f"{DS}/DesignCurrentStatusCode": f"{D}/dgn:DesignCurrentStatusCategory (vocabulary "
    "XX.designs.toml [status])",
    f"{DS}/DesignCurrentStatusDate": f"{D}/dgn:DesignCurrentStatusDate",
    # specimens and representation sheets
    f"{DS}/DesignSpecimenDetails": f"{D}/dgn:DesignSpecimenBag",
    f"{DS}/DesignSpecimenDetails/DesignSpecimen": SPEC,
    f"{DS}/DesignSpecimenDetails/DesignSpecimen/SpecimenIdentifier": (
        f"{SPEC}/dgn:SpecimenIdentifier"
    ),
    f"{DS}/DesignSpecimenDetails/DesignSpecimen/SpecimenDescription": (
        f"{SPEC}/dgn:SpecimenDescriptionText (one language, as for the title; every language is "
        "an oai_dc dc:description)"
    ),
    f"{DS}/DesignRepresentationSheetDetails": f"{D}/dgn:DesignRepresentationBag",
    f"{DS}/DesignRepresentationSheetDetails/DesignRepresentationSheet": (
        f"{REPR}/dgn:DesignRepresentationSheetBag/dgn:DesignRepresentationSheet"
    ),
    f"{DS}/DesignRepresentationSheetDetails/DesignRepresentationSheet"
    "/RepresentationSheetFilename": (
        f"{REPR}/dgn:DesignRepresentationSheetBag/dgn:DesignRepresentationSheet/com:FileName "
        "(com:ImageFormatCategory from the file extension)"
    ),
    # classification
    f"{DS}/IndicationProductDetails": f"{D}/com:DesignClassificationBag",
    f"{DS}/IndicationProductDetails/IndicationProduct": (
        f"{LOC} or {D}/com:DesignClassificationBag/com:NationalDesignClassificationBag"
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassificationKindCode": NotMapped(
        f"chooses {LOC} or com:NationalDesignClassificationBag (vocabulary "
        "[classification_kind]): the element chosen says it, there is no value to carry"
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassificationVersion": (
        f"{LOC}/com:LocarnoClassificationEdition"
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/IndicationProductDescription": (
        f"{LOCC}/com:LocarnoSubclassBag/com:LocarnoSubclassProductIndicationText (for classes "
        "sent without their own product description)"
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassDescriptionDetails": NotMapped(
        _CONTAINER
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassDescriptionDetails/ClassDescription": (
        f"{LOCC}/com:LocarnoSubclassBag"
    ),
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassDescriptionDetails/ClassDescription"
    "/ClassNumber": f"{LOCC}/com:LocarnoClass + com:LocarnoSubclassBag/com:LocarnoSubclass",
    f"{DS}/IndicationProductDetails/IndicationProduct/ClassDescriptionDetails/ClassDescription"
    "/ProductDescription": (
        f"{LOCC}/com:LocarnoSubclassBag/com:LocarnoSubclassProductIndicationText"
    ),
    # priorities, related applications, publications
    f"{DS}/PriorityDetails": f"{D}/dgn:PriorityBag",
    f"{DS}/PriorityDetails/Priority": PRI,
    f"{DS}/PriorityDetails/Priority/PriorityCountryCode": f"{PRI}/com:PriorityCountryCode",
    f"{DS}/PriorityDetails/Priority/PriorityNumber": (
        f"{PRI}/com:ApplicationNumber/com:ApplicationNumberText"
    ),
    f"{DS}/PriorityDetails/Priority/PriorityDate": f"{PRI}/com:PriorityApplicationFilingDate",
    f"{DS}/RelatedApplicationDetails": f"{D}/dgn:RelatedApplicationBag",
    f"{DS}/RelatedApplicationDetails/RelatedApplication": REL,
    f"{DS}/RelatedApplicationDetails/RelatedApplication/RelatedApplicationKind": (
        f"{REL}/dgn:RelatedApplicationCategory (vocabulary [related_application])"
    ),
    f"{DS}/RelatedApplicationDetails/RelatedApplication/RelatedApplicationRegistrationNumber": (
        f"{REL}/dgn:RelatedApplicationRegistrationNumber"
    ),
    f"{DS}/RelatedApplicationDetails/RelatedApplication/RelatedApplicationRegistrationDate": (
        NotMapped(
            "ST.96 RelatedApplication has no registration date (dgn:RelatedApplicationDate is "
            "the filing date of the related application, a different date)"
        )
    ),
    f"{DS}/PublicationDetails": f"{D}/dgn:PublicationBag",
    f"{DS}/PublicationDetails/Publication": PUB,
    f"{DS}/PublicationDetails/Publication/PublicationIdentifier": (
        f"{PUB}/com:PublicationIdentifier"
    ),
    f"{DS}/PublicationDetails/Publication/PublicationDate": f"{PUB}/com:PublicationDate",
    f"{DS}/PublicationDetails/Publication/PublicationSection": (
        f"{PUB}/dgn:PublicationSectionCategory (vocabulary [publication_section]) or "
        "com:PublicationSubsection"
    ),
    # events
    f"{DS}/DesignEventDetails": f"{D}/dgn:DesignEventBag",
    f"{DS}/DesignEventDetails/DesignEvent": EVT,
    f"{DS}/DesignEventDetails/DesignEvent/DesignEventCode": (
        f"{EVT}/dgn:DesignEventCategory (vocabulary [event_category])"
    ),
    f"{DS}/DesignEventDetails/DesignEvent/DesignEventDate": f"{EVT}/dgn:DesignEventDate",
    f"{DS}/DesignEventDetails/DesignEvent/OfficeSpecificDesignEventCode": f"{EVT}/com:CommentText",
    f"{DS}/DesignEventDetails/DesignEvent/OfficeSpecificDesignEventName": f"{EVT}/com:CommentText",
    f"{DS}/DesignEventDetails/DesignEvent/OfficeSpecificDesignEventDescription": (
        f"{EVT}/com:CommentText (every language, the record's first)"
    ),
    f"{DS}/DesignEventDetails/DesignEvent/Comment": f"{EVT}/com:CommentText",
    # parties
    f"{DS}/ApplicantDetails": f"{D}/dgn:ApplicantBag",
    f"{DS}/ApplicantDetails/Applicant/ApplicantIdentifier": f"{APP}/com:PartyIdentifier",
    f"{DS}/ApplicantDetails/Applicant/ApplicantSequenceNumber": f"{APP}/@com:sequenceNumber",
    f"{DS}/ApplicantDetails/Applicant/ApplicantLegalEntity": (
        f"{APP}/com:LegalEntityName (and chooses com:PersonName / com:OrganizationName)"
    ),
    f"{DS}/ApplicantDetails/Applicant/ApplicantNationalityCode": f"{APP}/com:NationalityCode",
    f"{DS}/ApplicantDetails/Applicant/ApplicantIncorporationCountryCode": (
        f"{APP}/com:IncorporationCountryCode"
    ),
    f"{DS}/ApplicantDetails/Applicant/ApplicantIncorporationState": (
        f"{APP}/com:IncorporationState"
    ),
    f"{DS}/ApplicantDetails/Applicant/ApplicantContractingParty": (
        f"{APP}/dgn:ApplicantContractingParty"
    ),
    f"{DS}/DesignerDetails": f"{D}/dgn:DesignerBag",
    f"{DS}/RepresentativeDetails": f"{D}/com:RepresentativeBag",
    f"{DS}/RepresentativeDetails/Representative/RepresentativeIdentifier": (
        f"{RPR}/com:PartyIdentifier"
    ),
    f"{DS}/RepresentativeDetails/Representative/RepresentativeKindCode": (
        f"{RPR}/com:RepresentativeCategory (vocabulary [representative_category]; unknown "
        "kinds go to com:CommentText)"
    ),
    f"{DS}/RepresentativeDetails/Representative/RepresentativeNationalityCode": (
        f"{RPR}/com:NationalityCode"
    ),
    f"{DS}/RepresentativeDetails/Representative/Comment": f"{RPR}/com:CommentText",
}


def _address_book(source: str, kind: str, st96: str) -> dict[str, str | NotMapped]:
    """Applicants, designers and representatives share the IPAS name/address book."""
    book = f"{source}/{kind}AddressBook/FormattedNameAddress"
    contact = f"{st96}/com:Contact"
    address = f"{contact}/com:PostalAddressBag/com:PostalAddress"
    return {
        source: st96,
        f"{source}/{kind}AddressBook": contact,
        **ipas_name_entries(
            book, contact, "one name per language; lines of one language are joined"
        ),
        f"{book}/Address/AddressCountryCode": (
            f"{address}/com:PostalStructuredAddress/com:CountryCode (a country without address "
            "lines, which cannot form a structured address, is com:PostalAddressText)"
        ),
        f"{book}/Address/FreeFormatAddress": address,
        f"{book}/Address/FreeFormatAddress/FreeFormatAddressLine": (
            f"{address}/com:PostalStructuredAddress/com:AddressLineText (com:PostalAddressText "
            "when the country code is missing or invalid)"
        ),
    }


_PATHS.update(_address_book(f"{DS}/ApplicantDetails/Applicant", "Applicant", APP))
_PATHS.update(_address_book(f"{DS}/DesignerDetails/Designer", "Designer", DSG))
_PATHS.update(_address_book(f"{DS}/RepresentativeDetails/Representative", "Representative", RPR))


def _extension_variants(table: dict[str, str | NotMapped]) -> dict[str, str | NotMapped]:
    """The ``wo:`` form of every path through an IPAS extension element (the element and its
    descendants in ``wo-designs``), with the same target."""
    variants = {}
    for path, target in table.items():
        if not path.startswith(f"{DS}/"):
            continue
        steps = path[len(DS) + 1 :].split("/")
        if steps[0] in WO_ELEMENTS:
            variants[f"{DS}/" + "/".join(f"wo:{step}" for step in steps)] = target
    return variants


_PATHS.update(_extension_variants(_PATHS))

#: Attributes the mapper carries over on any element: languageCode → com:languageCode (IPAS
#: tags normalised by vocabulary [language]); sequenceNumber only orders the texts.
_HANDLED_ATTRIBUTES = frozenset({"languageCode", "sequenceNumber"})

#: Attributes whose value the element's own entry does not account for (none: ``languageCode``
#: becomes ``com:languageCode`` through the [language] vocabulary, ``sequenceNumber`` a
#: ``com:sequenceNumber``).
_ATTRIBUTES: dict[str, str | NotMapped] = {}

#: The declared transformations of ST.86 values into ST.96 values (beyond dates, code-list
#: case and the office vocabularies), for the value-retention check.
_TRANSFORMATIONS: tuple[Transformation, ...] = (
    Transformation(
        "Locarno class-subclass → com:LocarnoClass + com:LocarnoSubclass",
        lambda value: value.split("-", 1) if "-" in value else (),
    ),
)


TABLE = CoverageTable(
    prefix="st86",
    paths=_PATHS,
    handled_attributes=_HANDLED_ATTRIBUTES,
    extensions=EXTENSIONS,
    attributes=_ATTRIBUTES,
    transformations=lambda _vocab: _TRANSFORMATIONS,
)
