"""Declared coverage of the IPOS (Singapore) trademark export → ST.96: every source path.

IPOS exports trademarks in its own flat XML (no namespace), one record per root: ``Trademark``
(applications and registrations), ``Article6ter`` (emblems of states and intergovernmental
organisations communicated under Article 6ter of the Paris Convention) and ``R13`` (the other
protected-sign list IPOS publishes beside the trademark register, identified by ``r13_no``).
All three become one ST.96 ``tmk:Trademark`` (ST.96 V6_0 has no emblem or protected-sign
document; see ``mappings/sgtm/mark.py`` for how the two special lists are labelled).

One entry per element path of ``shared/office-formats/trademarks/SG.paths`` (attribute variants
are covered by :data:`_HANDLED_ATTRIBUTES`). The value is the ST.96 path the element is mapped to,
or :class:`~mappings.model.NotMapped` with the reason it deliberately is not.
"""

from __future__ import annotations

from mappings.framework.table import CoverageTable
from mappings.model import NotMapped
from mappings.retention import (
    ABSENT,
    CODE_LIST,
    DATE_FORM,
    NUMBER_FORM,
    Transformation,
    vocabulary,
)
from mappings.sgtm import vocab
from mappings.vocabulary import OfficeVocabulary, normalise_key

T = "/tmk:Trademark"
REP = f"{T}/tmk:MarkRepresentation"
WORD = f"{REP}/tmk:MarkReproduction/tmk:WordMarkSpecification"
IMG = f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage"
DESC = f"{REP}/tmk:MarkDescriptionBag/tmk:MarkDescriptionText"
GS = f"{T}/tmk:GoodsServicesBag/tmk:GoodsServices"
CD = f"{GS}/tmk:ClassDescriptionBag/tmk:ClassDescription"
NST = f"{CD}/tmk:NationalStatusBag/tmk:NationalStatus"
PRI = f"{T}/tmk:PriorityBag/tmk:Priority"
APP = f"{T}/tmk:ApplicantBag/tmk:Applicant"
CONTACT = f"{APP}/com:Contact"
ADDR = f"{CONTACT}/com:PostalAddressBag/com:PostalAddress"
RPR = f"{T}/com:RepresentativeBag/com:Representative"
CORR = f"{T}/com:CorrespondenceAddress/com:Contact"
EVT = f"{T}/tmk:MarkEventBag/tmk:MarkEvent"
NEV = f"{EVT}/tmk:NationalMarkEvent"
USER = f"{T}/tmk:MarkUserBag/com:Contact"

_CONTAINER = "container only: its children are mapped"
_HOUSEKEEPING = (
    "IPOS system date of the last update of the status row (record housekeeping), not a date "
    "of the mark's legal history"
)
_EVENT = f"{EVT} (one tmk:MarkEvent per entry, see the children)"
_FEATURE = (
    f"{REP}/tmk:MarkFeatureCategory (Y/N flags and the non-conventional kind decide the category;"
    " see mark.py)"
)


def _mark_index(base: str) -> dict[str, str | NotMapped]:
    """Words, translation, transliteration and device description (all three roots)."""
    return {
        f"{base}/words_in_mark": (
            f"{WORD}/tmk:MarkVerbalElementText (and tmk:MarkSignificantVerbalElementText)"
        ),
        f"{base}/translation": f"{WORD}/tmk:MarkTranslationText",
        f"{base}/transliteration": f"{WORD}/tmk:MarkTransliteration",
        f"{base}/phonetic_equivalent": f"{WORD}/tmk:MarkTranscription",
        f"{base}/device_description": f"{DESC} (after the mark description)",
    }


def _logo(base: str) -> dict[str, str | NotMapped]:
    return {
        f"{base}/logo_details": f"{REP}/tmk:MarkReproduction/tmk:MarkImageBag",
        f"{base}/logo_details/file_name": f"{IMG}/com:FileName",
        f"{base}/logo_details/type": f"{IMG}/com:ImageFormatCategory",
    }


def _company(base: str, target: str | None = None) -> dict[str, str | NotMapped]:
    """The IPOS party block. ``target`` None: the proprietor (``tmk:Applicant``); otherwise
    the ST.96 text the whole block is written into (assignor, assignee, licensee)."""
    if target is not None:
        tags = ("company_code", "company_name", "business_name", "partner", "constitution")
        tags += ("state", "country", "company_addr1", "company_addr2", "company_addr3")
        return {base: target, **{f"{base}/{tag}": target for tag in tags}}
    address = f"{ADDR}/com:PostalStructuredAddress"
    return {
        base: APP,
        f"{base}/company_code": f"{APP}/com:PartyIdentifier",
        f"{base}/company_name": f"{CONTACT}/com:Name",
        f"{base}/business_name": f"{APP}/com:CommentText (trading as ...)",
        f"{base}/partner": f"{APP}/com:CommentText (partners ...)",
        f"{base}/constitution": (
            f"{APP}/com:LegalEntityName (and chooses com:PersonName / com:OrganizationName / "
            "com:EntityName)"
        ),
        f"{base}/state": f"{APP}/com:IncorporationState",
        f"{base}/country": (
            f"{address}/com:CountryCode and {APP}/com:IncorporationCountryCode (organisations) "
            "| com:NationalityCode (persons)"
        ),
        **{
            f"{base}/company_addr{n}": (
                f"{address}/com:AddressLineText (com:PostalAddressText without a valid country)"
            )
            for n in (1, 2, 3, 4)
        },
    }


def _classes(base: str, live: bool) -> dict[str, str | NotMapped]:
    cls = f"{base}/class_details"
    note = "" if live else " (marked 'Non-live class' in tmk:NationalStatusExternalDescriptionText)"
    return {
        base: f"{T}/tmk:GoodsServicesBag",
        cls: f"{GS} (one per class){note}",
        f"{cls}/class_no": (
            f"{GS}/tmk:GoodsServicesClassificationBag/tmk:GoodsServicesClassification"
            f"/tmk:ClassNumber and {CD}/tmk:ClassNumber"
        ),
        f"{cls}/goods_services": f"{CD}/tmk:GoodsServicesDescriptionText",
        f"{cls}/class_status": f"{NST}/tmk:NationalStatusCode",
        f"{cls}/status_date": f"{NST}/tmk:NationalStatusDate",
        f"{cls}/status_update_date": NotMapped(_HOUSEKEEPING),
        f"{cls}/expiry_date": f"{GS}/com:CommentTextBag/com:CommentText (class expiry date)",
        f"{cls}/priority_claims": PRI,
        f"{cls}/priority_claims/country": f"{PRI}/com:PriorityCountryCode",
        f"{cls}/priority_claims/date": f"{PRI}/com:PriorityApplicationFilingDate",
        f"{cls}/priority_claims/goods_services": (
            f"{PRI}/tmk:PriorityPartialGoodsServices/tmk:ClassDescriptionBag/tmk:ClassDescription"
            "/tmk:GoodsServicesDescriptionText"
        ),
    }


TM = "/Trademark"
A6 = "/Article6ter"
R13 = "/R13"

_PATHS: dict[str, str | NotMapped] = {
    TM: T,
    # identification, dates, status
    f"{TM}/tm_no": f"{T}/com:ApplicationNumber/com:ApplicationNumberText",
    f"{TM}/application_date": f"{T}/com:ApplicationDate",
    f"{TM}/registration_completion_date": f"{T}/com:RegistrationDate",
    f"{TM}/expiry_date": f"{T}/com:ExpiryDate",
    f"{TM}/mark_status": f"{T}/tmk:MarkCurrentStatusCode",
    f"{TM}/status_date": f"{T}/tmk:MarkCurrentStatusDate",
    f"{TM}/status_update_date": NotMapped(_HOUSEKEEPING),
    f"{TM}/previous_status": f"{NEV}/tmk:MarkEventDescriptionText (previous status)",
    f"{TM}/application_type": f"{T}/tmk:MarkCategory",
    f"{TM}/application_part": f"{T}/com:CommentText (application part)",
    f"{TM}/certificate_date": f"{EVT}/tmk:MarkEventDate (registration certificate issued)",
    f"{TM}/publication_date": f"{EVT}/tmk:MarkEventDate (category Application published)",
    f"{TM}/publication_status": f"{NEV}/tmk:MarkEventDescriptionText (publication)",
    f"{TM}/convert_application": (
        f"{T}/tmk:ConversionApplicationBag/tmk:InitialApplicationNumber/com:ApplicationNumberText"
    ),
    # international registration (Madrid) designating Singapore
    f"{TM}/ir_no": f"{T}/tmk:InternationalMarkIdentifierBag/tmk:InternationalMarkIdentifier",
    f"{TM}/ir_date": (
        f"{T}/tmk:OtherDate[@tmk:otherDateCategory='International application or registration "
        "date']"
    ),
    f"{TM}/ir_notif_date": f"{EVT}/tmk:MarkEventDate (notification of the designation)",
    f"{TM}/sd_no": f"{NEV}/tmk:MarkEventDocumentIdentifier (subsequent designation)",
    f"{TM}/sd_date": f"{EVT}/tmk:MarkEventDate (subsequent designation)",
    f"{TM}/sd_notif_date": f"{NEV}/tmk:MarkEventAdditionalText (subsequent designation)",
    # representation
    f"{TM}/mark_index": NotMapped(_CONTAINER),
    **_mark_index(f"{TM}/mark_index"),
    f"{TM}/mark_index/changei": NotMapped(
        "IPOS index maintenance flag (whether the search-index entry of the mark changed); "
        "not a property of the mark"
    ),
    **_logo(TM),
    f"{TM}/mark_description": DESC,
    f"{TM}/mark_lodge_in_color": f"{IMG}/com:ColourIndicator",
    f"{TM}/color_as_a_trademark": _FEATURE,
    f"{TM}/three_dimensional_shape": _FEATURE,
    f"{TM}/aspect_of_packaging": f"{_FEATURE} and {T}/tmk:MarkFeatureDescription",
    f"{TM}/non_conventional_mark": _FEATURE,
    f"{TM}/clause_details": f"{T}/tmk:MarkDisclaimerBag",
    f"{TM}/clause_details/clause": f"{T}/tmk:MarkDisclaimerBag/tmk:MarkDisclaimerText",
    # goods and services
    **_classes(f"{TM}/classes_details", live=True),
    **_classes(f"{TM}/non_live_classes_details", live=False),
    # proprietor
    **_company(f"{TM}/company_details"),
    # agent and address for service
    f"{TM}/agent_afs_details": NotMapped(_CONTAINER),
    f"{TM}/agent_afs_details/agent_details": RPR,
    f"{TM}/agent_afs_details/agent_details/agent_code": f"{RPR}/com:PartyIdentifier",
    f"{TM}/agent_afs_details/agent_details/agent_name": f"{RPR}/com:Contact/com:Name",
    f"{TM}/agent_afs_details/agent_details/co_name": f"{RPR}/com:CommentText (c/o firm)",
    f"{TM}/agent_afs_details/agent_details/type": f"{RPR}/com:RepresentativeCategory",
    **{
        f"{TM}/agent_afs_details/agent_details/agent_addr{n}": (
            f"{RPR}/com:Contact/com:PostalAddressBag/com:PostalAddress/com:PostalAddressText"
        )
        for n in (1, 2, 3)
    },
    f"{TM}/agent_afs_details/afs_details": CORR,
    f"{TM}/agent_afs_details/afs_details/co_name": f"{CORR}/com:Name",
    f"{TM}/agent_afs_details/afs_details/type": f"{T}/com:CorrespondenceAddress/"
    "com:CorrespondenceAddressPartyCategory (via the afs_type vocabulary)",
    **{
        f"{TM}/agent_afs_details/afs_details/{tag}": (
            f"{CORR}/com:PostalAddressBag/com:PostalAddress/com:PostalAddressText"
        )
        for tag in ("afs_addr1", "afs_addr2", "afs_addr3", "agent_addr1", "agent_addr2")
    },
    # register history → events
    f"{TM}/amendment_details": f"{T}/tmk:MarkEventBag",
    f"{TM}/amendment_details/amendment": _EVENT,
    f"{TM}/amendment_details/amendment/amendment_type": f"{NEV}/tmk:MarkEventCode",
    f"{TM}/amendment_details/amendment/amendment_from": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/amendment_details/amendment/amendment_to": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/amendment_details/amendment/document_no": f"{NEV}/tmk:MarkEventDocumentIdentifier",
    f"{TM}/amendment_details/amendment/lodge_date": f"{EVT}/tmk:MarkEventDate",
    f"{TM}/amendment_details/amendment/status": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/correction_details": f"{T}/tmk:MarkEventBag",
    f"{TM}/correction_details/correction": _EVENT,
    f"{TM}/correction_details/correction/correction_type": f"{NEV}/tmk:MarkEventCode",
    f"{TM}/correction_details/correction/from": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/correction_details/correction/to": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/correction_details/correction/notification_date": f"{EVT}/tmk:MarkEventDate",
    f"{TM}/division_details": _EVENT,
    f"{TM}/division_details/division_date": f"{EVT}/tmk:MarkEventDate (division)",
    f"{TM}/division_details/status": f"{NEV}/tmk:MarkEventAdditionalText (division)",
    f"{TM}/division_details/Status": f"{NEV}/tmk:MarkEventAdditionalText (division)",
    f"{TM}/division_details/division": f"{NEV}/tmk:MarkEventDescriptionText (division)",
    f"{TM}/division_details/division/org_tm_no": (
        f"{T}/tmk:DivisionalApplicationBag/tmk:InitialApplicationNumber/com:ApplicationNumberText "
        "(when it is not this "
        "mark) and the division event's text"
    ),
    f"{TM}/division_details/division/new_tm_no": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/division_details/division/goods_services": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/oppositon_revocation_invalidation_rectification": f"{T}/tmk:MarkEventBag",
    f"{TM}/oppositon_revocation_invalidation_rectification/opp_rev_inv_rec_details": (
        f"{EVT} (category National board proceeding history entry)"
    ),
    **{
        f"{TM}/oppositon_revocation_invalidation_rectification/opp_rev_inv_rec_details/{tag}": (
            f"{NEV}/tmk:MarkEventCode and tmk:MarkEventDescriptionText"
        )
        for tag in (
            "opposition_status",
            "revocation_status",
            "invalidation_status",
            "rectification_status",
        )
    },
    f"{TM}/oppositon_revocation_invalidation_rectification/opp_rev_inv_rec_details/class_no": (
        f"{NEV}/tmk:MarkEventDescriptionText (class)"
    ),
    f"{TM}/oppositon_revocation_invalidation_rectification/opp_rev_inv_rec_details/lodge_date": (
        f"{EVT}/tmk:MarkEventDate"
    ),
    # assignments (recorded as events: ST.96 tmk:Assignment requires conveyance categories and
    # counts the export does not carry)
    f"{TM}/assignment_details": f"{T}/tmk:MarkEventBag",
    f"{TM}/assignment_details/assignment": f"{EVT} (category National assignment history entry)",
    f"{TM}/assignment_details/assignment/DocumentElement": NotMapped(
        "empty wrapper left by IPOS's export tool (a serialised DataSet root); carries no data"
    ),
    f"{TM}/assignment_details/assignment/effective_date": f"{EVT}/tmk:MarkEventDate",
    f"{TM}/assignment_details/assignment/lodgement_date": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/assignment_details/assignment/notification_date": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/assignment_details/assignment/assignee_details": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/assignment_details/assignment/assignee_details/goods_services": (
        f"{NEV}/tmk:MarkEventDescriptionText (goods assigned)"
    ),
    **_company(
        f"{TM}/assignment_details/assignment/assignee_details/company_details",
        f"{NEV}/tmk:MarkEventDescriptionText (assignee)",
    ),
    f"{TM}/assignment_details/assignment/assignor_details": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/assignment_details/assignment/assignor_details/goods_services": (
        f"{NEV}/tmk:MarkEventDescriptionText (goods assigned)"
    ),
    **_company(
        f"{TM}/assignment_details/assignment/assignor_details/company_details",
        f"{NEV}/tmk:MarkEventDescriptionText (assignor)",
    ),
    **{
        f"{TM}/assignment_details/assignment/assignor_details/{tag}": (
            f"{NEV}/tmk:MarkEventDescriptionText (assignor: flat form of company_details)"
        )
        for tag in ("company_addr1", "company_code", "company_name", "country")
    },
    # licences: the licensee → tmk:MarkUserBag; the licence terms → an event
    f"{TM}/licensee_details": f"{T}/tmk:MarkUserBag and {T}/tmk:MarkEventBag",
    f"{TM}/licensee_details/licensee": f"{USER} and {EVT} (licence recorded)",
    **_company(f"{TM}/licensee_details/licensee/company_details", f"{USER} (licensee)"),
    f"{TM}/licensee_details/licensee/goods_services": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/licensee_details/licensee/GoodsServices": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/licensee_details/licensee/right": f"{NEV}/tmk:MarkEventDescriptionText (rights)",
    f"{TM}/licensee_details/licensee/use_condition": f"{NEV}/tmk:MarkEventDescriptionText",
    f"{TM}/licensee_details/licensee/exclusive_user_indicator": (
        f"{NEV}/tmk:MarkEventDescriptionText (exclusive / non-exclusive)"
    ),
    f"{TM}/licensee_details/licensee/licensee_status": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/licensee_details/licensee/entry_date": f"{EVT}/tmk:MarkEventDate",
    f"{TM}/licensee_details/licensee/assent_date": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/licensee_details/licensee/notification_date": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/licensee_details/licensee/expiry_date": f"{NEV}/tmk:MarkEventAdditionalText",
    f"{TM}/licensee_details/licensee/amended_licensee_details": (
        f"{NEV}/tmk:MarkEventDescriptionText (amended licensee details)"
    ),
    # Article 6ter emblems and R13 protected signs
    A6: f"{T} (tmk:MarkCategory 'Mark', com:CommentText names the list)",
    f"{A6}/article_6ter_no": f"{T}/com:ApplicationNumber/com:ApplicationNumberText",
    f"{A6}/name": f"{APP}/com:Contact/com:Name/com:OrganizationName (the protecting state or "
    "organisation)",
    f"{A6}/address": f"{ADDR}/com:PostalAddressText",
    **_mark_index(A6),
    **_logo(A6),
    R13: f"{T} (tmk:MarkCategory 'Mark', com:CommentText names the list)",
    f"{R13}/r13_no": f"{T}/com:ApplicationNumber/com:ApplicationNumberText",
    f"{R13}/name": f"{APP}/com:Contact/com:Name/com:EntityName (the owner of the sign)",
    f"{R13}/address": f"{ADDR}/com:PostalAddressText",
    **_mark_index(R13),
    **_logo(R13),
    f"{R13}/logo_details/Type": f"{IMG}/com:ImageFormatCategory (same as type)",
}

#: Attributes carried over on any element. ``space`` is ``xml:space="preserve"`` (the export's
#: way of keeping spaces inside the mark words): the text is kept, the attribute is markup.
_HANDLED_ATTRIBUTES = frozenset({"space"})

ROOTS = {"Trademark": TM, "Article6ter": A6, "R13": R13}


#: The Y/N flags that choose tmk:MarkFeatureCategory: (tag, category, label in the notes).
FLAG_FEATURES = (
    ("three_dimensional_shape", "Three dimensional", "Three-dimensional shape"),
    ("color_as_a_trademark", "Colour", "Colour as a trade mark"),
    ("aspect_of_packaging", "Other", "Aspect of packaging"),
)


def transformations(office_vocab: OfficeVocabulary) -> tuple[Transformation, ...]:
    """The declared ways the mapper turns a source value into ST.96 values (for the
    value-retention check, :mod:`mappings.retention`): date forms, code lists' case, class
    numbers, the office and IPOS export vocabularies, and a "N" flag, which says that the
    mark has no such feature and so has nothing to publish."""
    flags = vocab.tables()["flag"]
    return (
        DATE_FORM,
        CODE_LIST,
        NUMBER_FORM,
        vocabulary("office vocabulary", office_vocab.tables),
        vocabulary("IPOS export vocabulary", vocab.tables()),
        Transformation(
            "a 'no' flag (no such feature)",
            lambda value: [ABSENT] if flags.get(normalise_key(value)) == "false" else [],
        ),
        *(
            Transformation(
                f"{tag}: 'yes' chooses the feature",
                lambda value, c=category, label=label: (
                    [c, label] if flags.get(normalise_key(value)) == "true" else []
                ),
                where=f"/{tag}",
            )
            for tag, category, label in FLAG_FEATURES
        ),
        Transformation(
            "exclusive licence flag",
            lambda value: {"true": ["Exclusive licence"], "false": ["Non-exclusive licence"]}.get(
                flags.get(normalise_key(value), ""), []
            ),
            where="/exclusive_user_indicator",
        ),
    )


TABLE = CoverageTable(
    prefix="sg-tm",
    paths=_PATHS,
    handled_attributes=_HANDLED_ATTRIBUTES,
    transformations=transformations,
)
