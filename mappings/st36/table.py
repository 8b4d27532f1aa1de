# Over 400 lines on purpose: one declarative table; split, its paths would be read in pieces.
"""Declared coverage of the ST.36 patent mapping: every source path → where it goes.

Same form as the trademark and design tables: one entry per element path (``/patent-document/
bibliographic-data/...``); the value is the ST.96 path or a :class:`NotMapped` with the reason.
Elements not listed are reported as ``MAP-UNMAPPED-ELEMENT`` by the mapper, so an office that
starts sending something new is noticed instead of silently dropped.
"""

from __future__ import annotations

from mappings.framework.table import CoverageTable
from mappings.model import NotMapped
from mappings.retention import Transformation, code_table
from mappings.st36.codes import (
    APPLICANT_CATEGORY,
    CITING_PARTY,
    DESIGNATION,
    PRACTITIONER,
    PRIORITY_KIND,
)

DOC = "/patent-document"
B = f"{DOC}/bibliographic-data"
P = "/pat:BibliographicData"
IPCR = f"{P}/pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification"
CPC = f"{P}/pat:PatentClassificationBag/pat:CPCClassificationBag//pat:CPCClassification"
PARTY = f"{P}/pat:PartyBag"
CITE = f"{P}/pat:ReferenceCitationBag/pat:ReferenceCitation"

_CONTAINER = "container only: its children are mapped"
_NO_ABSTRACT = (
    "pat:BibliographicData has no abstract (ST.96 puts pat:Abstract in pat:PatentPublication); "
    "its presence is checked (PAT-ABSTRACT-MISSING), the text stays in the source record"
)


def _document_id(
    source: str,
    target: str,
    kind: str = "com:PatentDocumentKindCode",
    number: str = "com:ApplicationNumber/com:ApplicationNumberText",
    date: str = "pat:FilingDate",
) -> dict[str, str | NotMapped]:
    return {
        source: NotMapped(_CONTAINER),
        f"{source}/document-id": target,
        f"{source}/document-id/country": f"{target}/com:IPOfficeCode",
        f"{source}/document-id/doc-number": f"{target}/{number}",
        f"{source}/document-id/kind": f"{target}/{kind}",
        f"{source}/document-id/date": f"{target}/{date}",
    }


_PATHS: dict[str, str | NotMapped] = {
    DOC: P,
    f"{DOC}/abstract": NotMapped(_NO_ABSTRACT),
    f"{DOC}/abstract/p": NotMapped(_NO_ABSTRACT),
    B: P,
    **_document_id(
        f"{B}/publication-reference",
        f"{P}/pat:PatentPublicationIdentification (and pat:PatentGrantIdentification for grant "
        "kinds, vocabulary [document_kind])",
        number="pat:PublicationNumber",
        date="com:PublicationDate",
    ),
    **_document_id(f"{B}/application-reference", f"{P}/pat:ApplicationIdentification"),
    f"{B}/language-of-filing": f"{P}/com:FilingLanguageCode",
    f"{B}/language-of-publication": f"{P}/com:PublicationLanguageCode",
    f"{B}/priority-claims": f"{P}/pat:PriorityClaimBag",
    f"{B}/priority-claims/priority-claim": f"{P}/pat:PriorityClaimBag/pat:PriorityClaim",
    f"{B}/priority-claims/priority-claim/country": (
        f"{P}/pat:PriorityClaimBag/pat:PriorityClaim/com:IPOfficeCode"
    ),
    f"{B}/priority-claims/priority-claim/doc-number": (
        f"{P}/pat:PriorityClaimBag/pat:PriorityClaim/com:ApplicationNumber"
    ),
    f"{B}/priority-claims/priority-claim/date": (
        f"{P}/pat:PriorityClaimBag/pat:PriorityClaim/pat:FilingDate"
    ),
    # classifications
    f"{B}/classifications-ipcr": f"{P}/pat:PatentClassificationBag/pat:IPCRClassificationBag",
    f"{B}/classifications-ipcr/classification-ipcr": IPCR,
    f"{B}/classifications-ipcr/classification-ipcr/text": f"{IPCR}/pat:PatentClassificationText",
    f"{B}/classifications-ipcr/classification-ipcr/ipc-version-indicator": NotMapped(_CONTAINER),
    f"{B}/classifications-ipcr/classification-ipcr/ipc-version-indicator/date": (
        f"{IPCR}/pat:ClassificationVersionDate"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/classification-level": (
        f"{IPCR}/pat:PatentClassificationLevelCode"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/section": f"{IPCR}/pat:Section",
    f"{B}/classifications-ipcr/classification-ipcr/class": f"{IPCR}/pat:Class",
    f"{B}/classifications-ipcr/classification-ipcr/subclass": f"{IPCR}/pat:Subclass",
    f"{B}/classifications-ipcr/classification-ipcr/main-group": f"{IPCR}/pat:MainGroup",
    f"{B}/classifications-ipcr/classification-ipcr/subgroup": f"{IPCR}/pat:Subgroup",
    f"{B}/classifications-ipcr/classification-ipcr/symbol-position": (
        f"{IPCR}/com:SymbolPositionCode"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/classification-value": (
        f"{IPCR}/pat:IPCClassificationValueCode"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/action-date": NotMapped(_CONTAINER),
    f"{B}/classifications-ipcr/classification-ipcr/action-date/date": f"{IPCR}/pat:ActionDate",
    f"{B}/classifications-ipcr/classification-ipcr/generating-office": NotMapped(_CONTAINER),
    f"{B}/classifications-ipcr/classification-ipcr/generating-office/country": (
        f"{IPCR}/pat:GeneratingOfficeCode"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/classification-status": (
        f"{IPCR}/pat:IPCClassificationStatusCode"
    ),
    f"{B}/classifications-ipcr/classification-ipcr/classification-data-source": (
        f"{IPCR}/pat:PatentClassificationDataSourceCode"
    ),
    f"{B}/classification-ipc": f"{P}/pat:PatentClassificationBag/pat:IPCClassification",
    f"{B}/classification-ipc/edition": f"{P}/pat:PatentClassificationBag/pat:IPCClassification/"
    "com:Edition",
    f"{B}/classification-ipc/main-classification": (
        f"{P}/pat:PatentClassificationBag/pat:IPCClassification/pat:MainClassification"
    ),
    f"{B}/classification-ipc/further-classification": (
        f"{P}/pat:PatentClassificationBag/pat:IPCClassification/pat:FurtherClassification"
    ),
    f"{B}/classifications-cpc": f"{P}/pat:PatentClassificationBag/pat:CPCClassificationBag",
    f"{B}/classifications-cpc/classification-cpc": f"{CPC} (the first is pat:MainCPC; entries "
    "missing a field ST.96 requires are reported as PAT-CPC-INCOMPLETE)",
    f"{B}/classifications-cpc/classification-cpc/cpc-version-indicator": NotMapped(_CONTAINER),
    f"{B}/classifications-cpc/classification-cpc/cpc-version-indicator/date": (
        f"{CPC}/pat:ClassificationVersionDate"
    ),
    f"{B}/classifications-cpc/classification-cpc/section": f"{CPC}/pat:CPCSection",
    f"{B}/classifications-cpc/classification-cpc/class": f"{CPC}/pat:Class",
    f"{B}/classifications-cpc/classification-cpc/subclass": f"{CPC}/pat:Subclass",
    f"{B}/classifications-cpc/classification-cpc/main-group": f"{CPC}/pat:MainGroup",
    f"{B}/classifications-cpc/classification-cpc/subgroup": f"{CPC}/pat:Subgroup",
    f"{B}/classifications-cpc/classification-cpc/symbol-position": f"{CPC}/com:SymbolPositionCode",
    f"{B}/classifications-cpc/classification-cpc/classification-value": (
        f"{CPC}/pat:CPCClassificationValueCode"
    ),
    f"{B}/classifications-cpc/classification-cpc/action-date": NotMapped(_CONTAINER),
    f"{B}/classifications-cpc/classification-cpc/action-date/date": f"{CPC}/pat:ActionDate",
    f"{B}/classifications-cpc/classification-cpc/generating-office": NotMapped(_CONTAINER),
    f"{B}/classifications-cpc/classification-cpc/generating-office/country": (
        f"{CPC}/pat:GeneratingOfficeCode"
    ),
    f"{B}/classifications-cpc/classification-cpc/classification-status": (
        f"{CPC}/pat:CPCClassificationStatusCode"
    ),
    f"{B}/classifications-cpc/classification-cpc/classification-data-source": (
        f"{CPC}/pat:PatentClassificationDataSourceCode"
    ),
    f"{B}/classification-national": f"{P}/pat:PatentClassificationBag/pat:NationalClassification",
    f"{B}/classification-national/country": (
        f"{P}/pat:PatentClassificationBag/pat:NationalClassification/com:IPOfficeCode"
    ),
    f"{B}/classification-national/edition": (
        f"{P}/pat:PatentClassificationBag/pat:NationalClassification/com:Edition"
    ),
    f"{B}/classification-national/main-classification": (
        f"{P}/pat:PatentClassificationBag/pat:NationalClassification/"
        "pat:MainNationalClassification/pat:PatentClassificationText"
    ),
    f"{B}/classification-national/further-classification": (
        f"{P}/pat:PatentClassificationBag/pat:NationalClassification/"
        "pat:FurtherNationalClassification/pat:PatentClassificationText"
    ),
    # titles, citations, claims
    f"{B}/invention-title": f"{P}/pat:InventionTitleBag/pat:InventionTitle (every language)",
    f"{B}/references-cited": f"{P}/pat:ReferenceCitationBag",
    f"{B}/references-cited/citation": CITE,
    f"{B}/references-cited/citation/patcit": f"{CITE}/com:PatentCitation",
    f"{B}/references-cited/citation/patcit/text": (
        f"{CITE}/com:PatentCitation/com:PatentCitationText"
    ),
    **_document_id(
        f"{B}/references-cited/citation/patcit",
        f"{CITE}/com:PatentCitation/com:CitedPatentDocumentIdentification",
        number="com:DocumentNumber",
        date="com:PatentDocumentDate",
    ),
    f"{B}/references-cited/citation/patcit/document-id/name": (
        f"{CITE}/com:PatentCitation/com:CitedPatentDocumentIdentification/com:EntityName"
    ),
    f"{B}/references-cited/citation/nplcit": f"{CITE}/com:NPLCitation/com:NPLCitationText",
    f"{B}/references-cited/citation/nplcit/text": f"{CITE}/com:NPLCitation/com:NPLCitationText",
    f"{B}/references-cited/citation/category": (
        f"{CITE}/pat:DocumentRelevanceBag/pat:DocumentRelevance/pat:CitationCategoryCode"
    ),
    f"{B}/references-cited/citation/cited-by": f"{CITE}/@pat:citingPartyCategory",
    f"{B}/number-of-claims": f"{P}/pat:ClaimTotalQuantity",
    # parties
    f"{B}/parties": PARTY,
    f"{B}/parties/applicants": f"{PARTY}/pat:ApplicantBag",
    f"{B}/parties/applicants/applicant": f"{PARTY}/pat:ApplicantBag/pat:Applicant",
    f"{B}/parties/applicants/applicant/nationality": NotMapped(_CONTAINER),
    f"{B}/parties/applicants/applicant/nationality/country": (
        f"{PARTY}/pat:ApplicantBag/pat:Applicant/com:NationalityCode"
    ),
    f"{B}/parties/applicants/applicant/residence": NotMapped(_CONTAINER),
    f"{B}/parties/applicants/applicant/residence/country": (
        f"{PARTY}/pat:ApplicantBag/pat:Applicant/com:ResidenceCountryCode"
    ),
    f"{B}/parties/inventors": f"{PARTY}/pat:InventorBag",
    f"{B}/parties/inventors/inventor": f"{PARTY}/pat:InventorBag/pat:Inventor",
    f"{B}/parties/inventors/inventor/nationality": NotMapped(_CONTAINER),
    f"{B}/parties/inventors/inventor/nationality/country": (
        f"{PARTY}/pat:InventorBag/pat:Inventor/com:NationalityCode"
    ),
    f"{B}/parties/agents": f"{PARTY}/pat:RegisteredPractitionerBag",
    f"{B}/parties/agents/agent": (
        f"{PARTY}/pat:RegisteredPractitionerBag/pat:RegisteredPractitioner"
    ),
    # international and regional filing, designations
    **_document_id(
        f"{B}/pct-or-regional-filing-data",
        f"{P}/pat:InternationalFilingData/pat:ApplicationIdentification (WO) or "
        "pat:RegionalFilingData/pat:ApplicationIdentification",
    ),
    **_document_id(
        f"{B}/pct-or-regional-publishing-data",
        f"{P}/pat:InternationalPublishingData/pat:PatentDocumentIdentification/"
        "pat:PatentPublicationIdentification (WO) or pat:RegionalPublishingData/...",
        number="pat:PublicationNumber",
        date="com:PublicationDate",
    ),
    f"{B}/designation-of-states": f"{P}/pat:StateDesignation",
    f"{B}/designation-of-states/designation-pct": f"{P}/pat:StateDesignation",
    f"{B}/designation-of-states/designation-pct/national": (
        f"{P}/pat:StateDesignation/pat:NationalDesignation"
    ),
    f"{B}/designation-of-states/designation-pct/national/country": (
        f"{P}/pat:StateDesignation/pat:NationalDesignation/com:DesignatedCountryCode"
    ),
    f"{B}/designation-of-states/designation-pct/regional": (
        f"{P}/pat:StateDesignation/pat:RegionalDesignation (BX, EP, EM; other regions' states "
        "are listed as national designations)"
    ),
    f"{B}/designation-of-states/designation-pct/regional/region": NotMapped(_CONTAINER),
    f"{B}/designation-of-states/designation-pct/regional/region/country": (
        f"{P}/pat:StateDesignation/pat:RegionalDesignation/pat:RegionalOfficeCode"
    ),
    f"{B}/designation-of-states/designation-pct/regional/country": (
        f"{P}/pat:StateDesignation/pat:RegionalDesignation/com:DesignatedCountryCode"
    ),
    # legal status
    f"{B}/office-specific-bib-data": NotMapped(_CONTAINER),
    f"{B}/office-specific-bib-data/legal-status-events": NotMapped(_CONTAINER),
    f"{B}/office-specific-bib-data/legal-status-events/legal-status-event": (
        f"{P}/pat:ApplicationWithdrawnDate | pat:ApplicationDeemedWithdrawnDate | "
        "pat:PatentRevocationDate | pat:RightsReestablishedDate | pat:GrantPublicationDate | "
        "pat:PCTNationalPhaseEntryDate (vocabulary XX.patents.toml [legal_event])"
    ),
    f"{B}/office-specific-bib-data/legal-status-events/legal-status-event/event-code": NotMapped(
        "selects the ST.96 date element its date fills (vocabulary [legal_event]): the element "
        "says it; an event with no such element is listed in PAT-LEGAL-EVENT-NOT-PUBLISHED"
    ),
    f"{B}/office-specific-bib-data/legal-status-events/legal-status-event/event-date": (
        NotMapped(_CONTAINER)
    ),
    f"{B}/office-specific-bib-data/legal-status-events/legal-status-event/event-date/date": (
        "the value of the selected ST.96 date element (events without one: reported in "
        "PAT-LEGAL-EVENT-NOT-PUBLISHED)"
    ),
    f"{B}/office-specific-bib-data/legal-status-events/legal-status-event/event-description": (
        NotMapped(
            "the office's wording of the event; pat:BibliographicData carries the dates only "
            "(full legal status belongs to ST.96 PatentLegalStatusData / ST.27)"
        )
    ),
}

for _tag, _target in {
    "date-rights-reestablished": "pat:RightsReestablishedDate",
    "date-application-withdrawn-by-applicant": "pat:ApplicationWithdrawnDate",
    "date-application-deemed-withdrawn": "pat:ApplicationDeemedWithdrawnDate",
    "date-of-revocation": "pat:PatentRevocationDate",
    "date-pct-article-22-39-fulfilled": "pat:PCTNationalPhaseEntryDate and "
    "pat:InternationalFilingData/pat:NationalStageFilingDate",
    "date-application-partially-withdrawn": "pat:ApplicationPartiallyWithdrawnDate",
}.items():
    _PATHS[f"{B}/{_tag}"] = NotMapped(_CONTAINER)
    _PATHS[f"{B}/{_tag}/date"] = f"{P}/{_target}"


def _addressbook(base: str, target: str) -> None:
    book = f"{base}/addressbook"
    contact = f"{target}/com:Contact"
    address = f"{contact}/com:PostalAddressBag/com:PostalAddress/com:PostalStructuredAddress"
    name = f"{contact}/com:Name"
    _PATHS.update(
        {
            book: f"{contact} (one contact; a name and an address per addressbook language)",
            f"{book}/name": f"{name}/com:PersonName/com:PersonFullName | com:OrganizationName | "
            "com:EntityName",
            f"{book}/last-name": f"{name}/com:PersonName/com:PersonStructuredName/com:LastName",
            f"{book}/first-name": f"{name}/com:PersonName/com:PersonStructuredName/com:FirstName",
            f"{book}/orgname": f"{name}/com:OrganizationName/com:OrganizationStandardName",
            f"{book}/registered-number": f"{target}/pat:RegisteredPractitionerRegistrationNumber",
            f"{book}/address": f"{contact}/com:PostalAddressBag/com:PostalAddress",
            f"{book}/address/text": f"{address}/com:AddressLineText",
            f"{book}/address/city": f"{address}/com:CityName",
            f"{book}/address/county": f"{address}/com:GeographicRegionName",
            f"{book}/address/state": f"{address}/com:GeographicRegionName",
            f"{book}/address/postcode": f"{address}/com:PostalCode",
            f"{book}/address/country": f"{address}/com:CountryCode",
            **{
                f"{book}/address/{line}": f"{address}/com:AddressLineText"
                for line in (
                    "address-1",
                    "address-2",
                    "address-3",
                    "address-4",
                    "address-5",
                    "building",
                    "street",
                )
            },
        }
    )


_addressbook(f"{B}/parties/applicants/applicant", f"{PARTY}/pat:ApplicantBag/pat:Applicant")
_addressbook(f"{B}/parties/inventors/inventor", f"{PARTY}/pat:InventorBag/pat:Inventor")
_addressbook(
    f"{B}/parties/agents/agent", f"{PARTY}/pat:RegisteredPractitionerBag/pat:RegisteredPractitioner"
)


#: Offices whose national party wrappers (``th-parties``, ``th-applicants``...) are mapped:
#: the ASEAN offices. A wrapper of any other prefix is reported as unmapped.
NATIONAL_OFFICES = ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN")
_PARTY_STEPS = ("parties", "applicants", "applicant", "inventors", "inventor", "agents", "agent")


def _national_wrappers(table: dict[str, str | NotMapped]) -> dict[str, str | NotMapped]:
    """The national forms of every party path: the outer party steps in the office's national
    form (``th-parties``, then ``th-applicants``, then ``th-applicant``), the inner ones
    standard, as offices send them (``th-parties/inventors/inventor``)."""
    variants: dict[str, str | NotMapped] = {}
    for path, target in table.items():
        if not path.startswith(f"{B}/parties"):
            continue
        steps = path[len(B) + 1 :].split("/")
        party_steps = sum(1 for step in steps if step in _PARTY_STEPS)
        for office in NATIONAL_OFFICES:
            for national in range(1, party_steps + 1):
                form = [
                    f"{office.lower()}-{step}" if i < national else step
                    for i, step in enumerate(steps)
                ]
                variants.setdefault(f"{B}/" + "/".join(form), target)
    return variants


_PATHS.update(_national_wrappers(_PATHS))

#: Attributes the mapper reads (on any element). ``lang`` → com:languageCode; ``sequence`` →
#: com:sequenceNumber; ``kind`` (priority) → pat:ApplicationFilingCategory; ``app-type``,
#: ``designation``, ``entity-type``, ``rep-type`` → applicant and agent categories; ``country``
#: → the office. The root's ``doc-number``, ``kind``, ``date-publ`` repeat the publication
#: reference; ``id``, ``num``, ``status``, ``dtd-version``, ``appl-type`` and ``file`` describe
#: the document, not the patent.
_HANDLED_ATTRIBUTES = frozenset(
    {
        "lang",
        "sequence",
        "kind",
        "app-type",
        "designation",
        "entity-type",
        "rep-type",
        "country",
        "doc-number",
        "date-publ",
        "id",
        "num",
        "status",
        "dtd-version",
        "appl-type",
        "file",
    }
)

#: What the mapper does with each attribute's value, where the element's own entry does not
#: say it: the code tables turn values into ST.96 values (:data:`_TRANSFORMATIONS`), the
#: attributes below carry no value of their own.
_ATTRIBUTES: dict[str, str | NotMapped] = {
    "entity-type": NotMapped(
        "chooses com:PersonName (natural-person) or com:OrganizationName (legal-entity): the "
        "element chosen says it"
    ),
    "dtd-version": NotMapped("the version of the ST.36 DTD the document follows, not patent data"),
    "file": NotMapped("the office's file name of the document, not patent data"),
    "status": NotMapped("the document's processing status in the office, not patent data"),
    "id": NotMapped("an identifier of the element inside the document, for cross-references"),
}


#: The declared transformations of ST.36 values into ST.96 values (beyond dates, code-list
#: case and the office vocabularies), for the value-retention check.
_TRANSFORMATIONS: tuple[Transformation, ...] = (
    code_table("applicant category (app-type)", APPLICANT_CATEGORY),
    code_table("designation", DESIGNATION),
    code_table("practitioner category (rep-type)", PRACTITIONER),
    code_table("priority kind", PRIORITY_KIND),
    code_table("citing party (cited-by)", CITING_PARTY),
)


TABLE = CoverageTable(
    prefix="st36",
    paths=_PATHS,
    handled_attributes=_HANDLED_ATTRIBUTES,
    attributes=_ATTRIBUTES,
    transformations=lambda _vocab: _TRANSFORMATIONS,
)
