"""ST.36 attribute and code values → their ST.96 values (fixed by the two standards, so not
office vocabularies). The mappers read them; the coverage declares them as transformations
for the value-retention check."""

from __future__ import annotations

__all__ = ["APPLICANT_CATEGORY", "CITING_PARTY", "DESIGNATION", "PRACTITIONER", "PRIORITY_KIND"]

#: priority-claim/@kind → pat:ApplicationFilingCategory
PRIORITY_KIND = {"national": "National", "regional": "Regional", "international": "PCT"}
#: citation/cited-by → ReferenceCitation/@pat:citingPartyCategory
CITING_PARTY = {
    "examiner": "Examiner",
    "applicant": "Applicant",
    "third-party": "Third party",
    "opponent": "Opponent",
}
#: applicant/@app-type → pat:ApplicantCategory
APPLICANT_CATEGORY = {"applicant": "Applicant", "applicant-inventor": "Applicant_Inventor"}
#: applicant/@designation → pat:DesignationCategory
DESIGNATION = {
    "all": "All",
    "all-except-us": "All except US",
    "us-only": "US only",
    "as-indicated": "As indicated",
}
#: agent/@rep-type → pat:RegisteredPractitionerCategory
PRACTITIONER = {
    "agent": "Agent",
    "attorney": "Attorney",
    "common-representative": "Common representative",
}
