"""Stakeholder rules: applicants, owners, inventors, designers and representatives.

ST.96 has no yes/no indicator for "natural person or legal entity": the choice of
``com:PersonName`` or ``com:OrganizationName`` *is* the indicator. A name published as the
neutral ``com:EntityName`` only means the hub could not tell, which is what offices want flagged.
"""

from __future__ import annotations

from lxml import etree

from mappings.model import Finding
from mappings.rules.engine import ALL, RecordContext, Rule, clark, element_path, index_tag, rule
from mappings.rules.paths import paths

FAMILY = "parties"

#: Party elements of the three record types (contact names under them are checked).
_PARTIES = paths(
    " | ".join(
        (
            "tmk:ApplicantBag/tmk:Applicant",
            "com:RepresentativeBag/com:Representative",
            "dgn:ApplicantBag/dgn:Applicant",
            "dgn:DesignerBag/dgn:Designer",
            "pat:PartyBag/pat:ApplicantBag/pat:Applicant",
            "pat:PartyBag/pat:InventorBag/pat:Inventor",
            "pat:PartyBag/pat:OwnerBag/pat:Owner",
        )
    )
)
#: A party's contact, in any namespace (``*[local-name()='Contact' or ...]``).
_CONTACTS = frozenset({"Contact", "PublicationContact"})
_NAME = clark("com:Name")
_ENTITY_NAME = clark("com:EntityName")
_KINDED_NAMES = frozenset({clark("com:PersonName"), clark("com:OrganizationName")})
index_tag(_NAME)
index_tag(_ENTITY_NAME)
_APPLICANT = paths(
    "tmk:ApplicantBag/tmk:Applicant | dgn:ApplicantBag/dgn:Applicant"
    " | pat:PartyBag/pat:ApplicantBag/pat:Applicant"
)


def _unspecified_names(ctx: RecordContext) -> list[etree._Element]:
    """``com:Name[com:EntityName and not(com:PersonName or com:OrganizationName)]``, in
    document order (found from the rare ``com:EntityName``, not by testing every name)."""
    with_entity = {entity.getparent() for entity in ctx.tagged(_ENTITY_NAME)}
    if not with_entity:
        return []
    return [
        name
        for name in ctx.tagged(_NAME)
        if name in with_entity and _KINDED_NAMES.isdisjoint(ctx.tag(child) for child in name)
    ]


def _party_of(ctx: RecordContext, name: etree._Element) -> etree._Element | None:
    """The party whose contact ``name`` is, when it is a contact name of a checked party."""
    contact = name.getparent()
    if contact is None or ctx.tag(contact).rsplit("}", 1)[-1] not in _CONTACTS:
        return None
    party = contact.getparent()
    return party if party is not None and _PARTIES.contains(ctx, party) else None


def _kind_unspecified(ctx: RecordContext, r: Rule) -> list[Finding]:
    """One finding per party, even when it has a contact per language."""
    out = []
    seen = set()
    for name in _unspecified_names(ctx):
        party = _party_of(ctx, name)
        if party is None or party in seen:
            continue
        seen.add(party)
        who = ctx.tag(party).rsplit("}", 1)[-1].lower()
        out.append(
            r.finding(
                ctx,
                path=f"{element_path(party)}/com:Contact/com:Name",
                message=f"The {who} is not marked as a natural person or a legal entity.",
            )
        )
    return out


def _applicant_missing(ctx: RecordContext, r: Rule) -> tuple[Finding, ...]:
    return () if ctx.exists(_APPLICANT) else (r.finding(ctx),)


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
