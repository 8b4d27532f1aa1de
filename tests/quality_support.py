"""Quality test support: defective records, and a harvester stand-in applying the findings.

Each :class:`Defect` is a textual edit of a base record in ``tests/data/quality`` and the rule
id it must produce: one per finding the offices asked for. :class:`Harvester` stores records
the way the ingest does (process_record → run_rules → apply_findings). Shared by the rules
tests, the node tests and the browser test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from mappings.pipeline import process_record
from mappings.rules import check_processed
from node.quality import apply_findings, feedback_rows
from store.base import utcnow
from store.models import HarvestRun, Office, PublishedRecord, SourceRecord
from tests.schemas import needs_st96

DATA = Path(__file__).parent / "data" / "quality"

BASES = {
    "trademark": ("st66", "KH-trademark.st66.xml"),
    "patent": ("st96", "KH-patent.st96.xml"),
    "design": ("st96", "KH-design.st96.xml"),
}


@dataclass(frozen=True)
class Defect:
    name: str
    base: str  # key of BASES
    old: str
    new: str
    rule_id: str
    generated: bool = False

    @property
    def prefix(self) -> str:
        return BASES[self.base][0]

    def good(self) -> bytes:
        return (DATA / BASES[self.base][1]).read_bytes()

    def bad(self) -> bytes:
        text = self.good().decode("utf-8")
        if self.old not in text:
            raise AssertionError(f"defect {self.name}: {self.old!r} not in the base record")
        return text.replace(self.old, self.new, 1).encode("utf-8")


_KIND = "<KindMark>TRADE MARK</KindMark>"
_STATUS = "<MarkCurrentStatusCode>Registered</MarkCurrentStatusCode>"
_LEGAL = "<ApplicantLegalEntity>Company</ApplicantLegalEntity>"
_CATEGORY = "<pat:ApplicationFilingCategory>National</pat:ApplicationFilingCategory>"
_IPC = "<pat:Section>F</pat:Section>"
_IPC_BAG = (
    "<pat:PatentClassificationBag><pat:IPCRClassificationBag>"
    '<pat:IPCRClassification com:sequenceNumber="1">'
    "<pat:ClassificationVersionDate>2024-01-01</pat:ClassificationVersionDate>"
    "<pat:PatentClassificationLevelCode>A</pat:PatentClassificationLevelCode>"
    "<pat:Section>F</pat:Section><pat:Class>04</pat:Class><pat:Subclass>B</pat:Subclass>"
    "<pat:MainGroup>17</pat:MainGroup><pat:Subgroup>00</pat:Subgroup>"
    "</pat:IPCRClassification></pat:IPCRClassificationBag></pat:PatentClassificationBag>"
)
_TITLE = ">Low-cost water filter using ceramic and activated carbon<"

DEFECTS: tuple[Defect, ...] = (
    Defect(
        "mark category unspecified",
        "trademark",
        _KIND,
        "",
        "TM-MARK-CATEGORY-MISSING",
        generated=True,
    ),
    Defect("file status unspecified", "trademark", _STATUS, "", "TM-STATUS-MISSING"),
    Defect(
        "legal entity indicator unspecified",
        "trademark",
        _LEGAL,
        "",
        "TM-APPLICANT-LEGAL-ENTITY-MISSING",
    ),
    Defect(
        "registration before filing",
        "trademark",
        "<RegistrationDate>2022-01-20</RegistrationDate>",
        "<RegistrationDate>2020-01-20</RegistrationDate>",
        "TM-DATE-REGISTRATION-BEFORE-APPLICATION",
    ),
    Defect(
        "expiry before registration",
        "trademark",
        "<ExpiryDate>2031-03-15</ExpiryDate>",
        "<ExpiryDate>2021-12-01</ExpiryDate>",
        "DATE-EXPIRY-BEFORE-REGISTRATION",
    ),
    Defect(
        "future date",
        "trademark",
        "<MarkCurrentStatusDate>2022-01-20</MarkCurrentStatusDate>",
        "<MarkCurrentStatusDate>2099-01-20</MarkCurrentStatusDate>",
        "DATE-IN-FUTURE",
    ),
    Defect(
        "invalid country code",
        "trademark",
        "<PriorityCountryCode>TH</PriorityCountryCode>",
        "<PriorityCountryCode>ZZ</PriorityCountryCode>",
        "SRC-CODE-INVALID",
    ),
    Defect(
        "invalid language code",
        "trademark",
        "<ApplicationLanguageCode>en</ApplicationLanguageCode>",
        "<ApplicationLanguageCode>english</ApplicationLanguageCode>",
        "SRC-CODE-INVALID",
    ),
    Defect(
        "invalid language attribute",
        "patent",
        'com:languageCode="en"',
        'com:languageCode="english"',
        "CODE-LANGUAGE-INVALID",
    ),
    Defect(
        "Nice class out of range",
        "trademark",
        "<ClassNumber>43</ClassNumber>",
        "<ClassNumber>99</ClassNumber>",
        "TM-NICE-CLASS-INVALID",
    ),
    Defect(
        "priority without date",
        "trademark",
        "<PriorityDate>2020-10-01</PriorityDate>",
        "",
        "TM-PRIORITY-INCOMPLETE",
    ),
    Defect(
        "unknown vocabulary value",
        "trademark",
        _STATUS,
        "<MarkCurrentStatusCode>Waiting for the moon</MarkCurrentStatusCode>",
        "VOCAB-UNKNOWN-VALUE",
    ),
    Defect(
        "unmapped source field",
        "trademark",
        _KIND,
        _KIND + "<MarkSoundFilename>jingle.mp3</MarkSoundFilename>",
        "MAP-UNMAPPED-ELEMENT",
    ),
    Defect(
        "patent application type unspecified",
        "patent",
        _CATEGORY,
        "",
        "PAT-APPLICATION-TYPE-MISSING",
    ),
    Defect(
        "missing national phase entry date",
        "patent",
        _CATEGORY,
        "<pat:ApplicationFilingCategory>PCT</pat:ApplicationFilingCategory>",
        "PAT-NPE-DATE-MISSING",
    ),
    Defect("missing IPC", "patent", _IPC_BAG, "", "PAT-IPC-MISSING"),
    Defect("invalid IPC", "patent", _IPC, "<pat:Section>Z</pat:Section>", "PAT-IPC-INVALID"),
    Defect("missing title", "patent", _TITLE, "><", "PAT-TITLE-MISSING"),
    Defect(
        "design status unspecified",
        "design",
        "<dgn:DesignCurrentStatusCategory>Registered</dgn:DesignCurrentStatusCategory>",
        "",
        "DES-STATUS-MISSING",
    ),
    Defect("invalid Locarno class", "design", ">02-04<", ">2.4<", "DES-LOCARNO-INVALID"),
    Defect(
        "stakeholder kind unspecified",
        "design",
        "<com:OrganizationName><com:OrganizationStandardName>Golden Lotus Trading Co., Ltd."
        "</com:OrganizationStandardName></com:OrganizationName>",
        "<com:EntityName>Golden Lotus Trading Co., Ltd.</com:EntityName>",
        "PARTY-NATURAL-PERSON-INDICATOR-MISSING",
    ),
    Defect(
        "XSD violation",
        "design",
        "<com:ColourIndicator>false</com:ColourIndicator>",
        "<com:ColourIndicator>maybe</com:ColourIndicator>",
        "XSD-INVALID",
    ),
)


def defect_params() -> list:
    """DEFECTS as pytest parameters: the XSD one needs the ST.96 schemas installed (every other
    finding comes from the project's own rules and code lists, schemas or not)."""
    return [
        pytest.param(d, id=d.name, marks=[needs_st96] if d.rule_id == "XSD-INVALID" else [])
        for d in DEFECTS
    ]


class Harvester:
    """Harvest runs and records as the ingest will make them, with quality applied."""

    def __init__(self, db) -> None:
        self.db = db

    def run(
        self, office: str = "KH", started: datetime | None = None, ended: datetime | None = None
    ) -> int:
        with self.db.session() as session:
            office_id = session.scalar(select(Office.id).where(Office.code == office))
            run = HarvestRun(
                office_id=office_id, kind="harvest", started_at=started or utcnow(), ended_at=ended
            )
            session.add(run)
            session.flush()
            return run.id

    def record(
        self, identifier: str, raw: bytes, prefix: str, run_id: int, office: str = "KH"
    ) -> tuple[int, bool]:
        """(published record id, feedback changed) after ingesting ``raw``."""
        processed = process_record(prefix, raw, office)
        findings = check_processed(processed)
        with self.db.session() as session:
            office_id = session.scalar(select(Office.id).where(Office.code == office))
            source = session.scalar(
                select(SourceRecord).where(SourceRecord.source_identifier == identifier)
            )
            if source is None:
                source = SourceRecord(
                    office_id=office_id, source_identifier=identifier, metadata_prefix=prefix
                )
                session.add(source)
            source.raw, source.run_id = raw, run_id
            session.flush()
            oai_id = f"oai:iphub.local:{office}/{processed.ip_type}/{identifier}"
            record = session.scalar(
                select(PublishedRecord).where(PublishedRecord.oai_identifier == oai_id)
            )
            if record is None:
                record = PublishedRecord(oai_identifier=oai_id, office_code=office)
                session.add(record)
            record.source_record_id = source.id
            record.ip_type = processed.ip_type
            record.set_spec = f"{office}:{processed.ip_type}"
            record.datestamp = utcnow()
            record.st96, record.dc = processed.st96, processed.dc
            record.validation_status = processed.validation_status
            record.validation_errors = list(processed.validation_errors)
            record.application_number = processed.application_number
            session.flush()
            row = feedback_rows(session.connection(), [record.id])[record.id]
            update = apply_findings(session, row, findings, run_id)
            session.refresh(record)  # about (and datestamp) written by apply_findings
            assert record.about == update.about
            return record.id, update.changed
