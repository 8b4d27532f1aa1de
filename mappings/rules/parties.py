"""Stakeholder rules: applicants, owners, inventors, designers and representatives.

ST.96 has no yes/no indicator for "natural person or legal entity": the choice of
``com:PersonName`` or ``com:OrganizationName`` *is* the indicator. A name published as the
neutral ``com:EntityName`` only means the hub could not tell, which is what offices want flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from mappings.model import Finding
from mappings.rules.engine import ALL, RecordContext, Rule, element_path, rule, xpath

FAMILY = "parties"

#: Party elements of the three record types (contact names under them are checked).
_PARTIES = (
    "tmk:ApplicantBag/tmk:Applicant",
    "com:RepresentativeBag/com:Representative",
    "dgn:ApplicantBag/dgn:Applicant",
    "dgn:DesignerBag/dgn:Designer",
    "pat:PartyBag/pat:ApplicantBag/pat:Applicant",
    "pat:PartyBag/pat:InventorBag/pat:Inventor",
    "pat:PartyBag/pat:OwnerBag/pat:Owner",
)
_UNSPECIFIED_NAMES = xpath(
    " | ".join(
        f"{party}/*[local-name()='Contact' or local-name()='PublicationContact']"
        "/com:Name[com:EntityName and not(com:PersonName or com:OrganizationName)]"
        for party in _PARTIES
    )
)
_APPLICANT = xpath(
    "boolean(tmk:ApplicantBag/tmk:Applicant | dgn:ApplicantBag/dgn:Applicant"
    " | pat:PartyBag/pat:ApplicantBag/pat:Applicant)"
)


def _kind_unspecified(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    """One finding per party, even when it has a contact per language."""
    seen = set()
    for name in _UNSPECIFIED_NAMES(ctx.root):
        party = name.getparent().getparent()
        if party in seen:
            continue
        seen.add(party)
        who = party.tag.rsplit("}", 1)[-1].lower()
        yield r.finding(
            ctx,
            path=f"{element_path(party)}/com:Contact/com:Name",
            message=f"The {who} is not marked as a natural person or a legal entity.",
        )


def _applicant_missing(ctx: RecordContext, r: Rule) -> Iterator[Finding]:
    if not _APPLICANT(ctx.root):
        yield r.finding(ctx)


RULES = (
    rule(
        "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
        "warning",
        ALL,
        "{root}/…/com:Contact/com:Name/com:EntityName",
        "A stakeholder is not marked as a natural person or a legal entity.",
        "Export the legal-entity indicator of every applicant, owner and representative "
        "(e.g. 'Individual' or 'Company').",
        family=FAMILY,
        check=_kind_unspecified,
        aliases=("TM-*-LEGAL-ENTITY-MISSING",),
    ),
    rule(
        "PARTY-APPLICANT-MISSING",
        "error",
        ALL,
        "{root}/…/Applicant",
        "The record has no applicant or owner.",
        "Export at least one applicant or owner with a name.",
        family=FAMILY,
        check=_applicant_missing,
        aliases=("*-APPLICANT-MISSING", "*-APPLICANT-NAME-MISSING", "PARTY-NAME-MISSING"),
    ),
)
