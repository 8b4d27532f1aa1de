"""Patent rules: bibliographic data offices asked to be checked (IPC, title, abstract, PCT).

The abstract has no place in ST.96 ``pat:BibliographicData`` (it belongs to the full patent
publication), so PAT-ABSTRACT-MISSING is reported by the patent mapper from the source record.
"""

from __future__ import annotations

from mappings.model import Finding
from mappings.rules.checks import incomplete, missing
from mappings.rules.engine import RecordContext, Rule, rule
from mappings.rules.paths import XML_SPACE, normalized_nonblank, paths, string_value

PAT = ("patents",)
FAMILY = "patents"

_FILING_CATEGORY = paths("pat:ApplicationIdentification/pat:ApplicationFilingCategory")
_INTERNATIONAL = paths("pat:InternationalFilingData")
_NPE_DATE = paths("pat:PCTNationalPhaseEntryDate")


def _is_pct(ctx: RecordContext) -> bool:
    """``ApplicationFilingCategory[normalize-space()='PCT'] | pat:InternationalFilingData``."""
    return any(
        string_value(el).strip(XML_SPACE) == "PCT" for el in ctx.find(_FILING_CATEGORY)
    ) or bool(ctx.find(_INTERNATIONAL))


def _npe_missing(ctx: RecordContext, r: Rule) -> tuple[Finding, ...]:
    """Only a PCT application entering the national phase has an NPE date to give."""
    if _is_pct(ctx) and not any(normalized_nonblank(el) for el in ctx.find(_NPE_DATE)):
        return (r.finding(ctx),)
    return ()


RULES = (
    rule(
        "PAT-APPLICATION-TYPE-MISSING",
        "warning",
        PAT,
        "{root}/pat:ApplicationIdentification/pat:ApplicationFilingCategory",
        "The application type (national, regional or PCT) is not specified.",
        "Export the filing route of the application (ST.36 application type).",
        family=FAMILY,
        check=missing("pat:ApplicationIdentification/pat:ApplicationFilingCategory"),
    ),
    rule(
        "PAT-NPE-DATE-MISSING",
        "error",
        PAT,
        "{root}/pat:PCTNationalPhaseEntryDate",
        "The application entered the national phase under the PCT, but its national phase "
        "entry date is missing.",
        "Export the PCT national phase entry date (INID 85/86 context).",
        family=FAMILY,
        check=_npe_missing,
    ),
    rule(
        "PAT-IPC-MISSING",
        "error",
        PAT,
        "{root}/pat:PatentClassificationBag/pat:IPCRClassificationBag",
        "The patent has no IPC classification.",
        "Export the IPC symbols (INID 51) of every patent document.",
        family=FAMILY,
        check=missing(
            "pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification"
            " | pat:PatentClassificationBag/pat:IPCClassification"
        ),
    ),
    rule(
        "PAT-TITLE-MISSING",
        "error",
        PAT,
        "{root}/pat:InventionTitleBag/pat:InventionTitle",
        "The title of the invention is missing.",
        "Export the title (INID 54), in the language of filing at least.",
        family=FAMILY,
        check=missing("pat:InventionTitleBag/pat:InventionTitle"),
    ),
    rule(
        "PAT-ABSTRACT-MISSING",
        "warning",
        PAT,
        "(source abstract; pat:Abstract of the publication)",
        "The abstract is missing.",
        "Export the abstract (INID 57) with the bibliographic data.",
        family=FAMILY,
        # pat:BibliographicData has no abstract element: the ST.36 mapper reports a source
        # without an abstract; a tree check would flag every patent.
    ),
    rule(
        "PAT-PRIORITY-INCOMPLETE",
        "error",
        PAT,
        "{root}/pat:PriorityClaimBag/pat:PriorityClaim",
        "A priority claim lacks its office, application number or filing date.",
        "Export the priority office, number and date (INID 30) for every claim.",
        family=FAMILY,
        check=incomplete(
            "pat:PriorityClaimBag/pat:PriorityClaim",
            {
                "com:IPOfficeCode": "office",
                "com:ApplicationNumber/com:ApplicationNumberText": "application number",
                "pat:FilingDate": "filing date",
            },
        ),
    ),
    rule(
        "PAT-LEGAL-EVENT-NOT-PUBLISHED",
        "info",
        PAT,
        "{root}",
        "Legal status events (filing, publication, examination request, fees...) have no place "
        "in pat:BibliographicData, which holds the withdrawal, revocation, reinstatement, grant "
        "and national phase dates only; the finding lists them, the stored source keeps them.",
        "Nothing to do: full legal status is ST.27 data.",
        family=FAMILY,
    ),
)
