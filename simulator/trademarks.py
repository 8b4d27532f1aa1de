"""ST.66 trademark records as WIPO IPAS exports them, generated deterministically.

A record is built in two steps: `simulator.trademark_plan.plan` draws a `Trademark` (plain
frozen dataclasses, here with the numbers and the words of the format) from (seed, office,
index), `simulator.trademark_xml.render` writes it as XML with exactly the element paths the
office exports (see `offices.py`); `trademark_xml.TrademarkGenerator` serves them. Mutations
made at the simulated office are `dataclasses.replace` changes applied to the plan, so an
updated record differs only where the change says.

Realistic defects, each decided from its own random stream so that rates are stable:

- ``no_kind_mark`` (5 %): KindMark left out. Philippine exports never have it (office format,
  not counted as a defect).
- ``unknown_status`` (5 %): MarkCurrentStatusCode outside `KNOWN_STATUSES`.
- ``applicant_kind_unknown`` (6 %): IPAS exports carry no ApplicantLegalEntity element, so
  readers tell companies from people by the name: legal entities carry their legal form
  ("บริษัท … จำกัด", "PT …", "… Sdn. Bhd."), natural persons a personal name. This defect is a
  first applicant registered under a bare trading name with neither, e.g. "ช้างทอง".
- ``registration_before_application`` (4 %): RegistrationDate earlier than ApplicationDate.
- ``empty_element`` (6 %): one element present with no text (`EMPTY_CANDIDATES`).

And IPAS's own shape, which is not a defect: the word mark, the current status and the event
history in IPAS's extension namespace (``wo:``), IPAS's status and event words (in the office's
language where its exports use it, see `vocab.LOCAL_STATUSES`), TransactionCode /
TransactionSubCode naming the route and kind (``Madrid Designated`` / ``Madrid Mark`` for Madrid
designations, which carry the international registration number as RegistrationNumber;
``National`` / ``Individual Mark``, ``Collective Mark``, ``Certification Mark``), an empty
``<MarkImage/>`` on word marks, IPAS language tags (``kh``, ``la``, ``in``) and placeholders
where IPAS has a mandatory field and no data (`PLACEHOLDERS`, drawn like the defects).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from simulator import vocab
from simulator.base import (
    FilingWindow,
    compact,
    office_number,
)
from simulator.offices import OfficeProfile, office
from simulator.people import Party
from simulator.seeding import mix
from xsd.namespaces import OAI_DC_NS, OAI_DC_SCHEMA

NS = "http://www.wipo.int/standards/XMLSchema/trademarks"
WO_NS = "http://www.wipo.int/standards/XMLSchema/wo-trademarks"
"""IPAS's extension namespace: the elements of `IN_WO` (and their children) are written in it."""
IN_WO = frozenset({"WordMarkSpecification", "MarkCurrentStatusCode", "MarkCurrentStatusDate",
                   "MarkEventDetails"})  # fmt: skip
SCHEMA_LOCATION = "http://www.wipo.int/standards/XMLSchema/trademarks/Trademark-V1-0.xsd"
DC_SCHEMA_LOCATION = f"{OAI_DC_NS} {OAI_DC_SCHEMA}"

KNOWN_STATUSES: tuple[str, ...] = vocab.IPAS_STATUSES
"""The MarkCurrentStatusCode values the simulated offices declare (IPAS's words; offices of
`vocab.LOCAL_STATUSES` write them in their language, see `status_word`)."""

UNKNOWN_STATUSES: tuple[str, ...] = (
    "Pending - migrated from legacy system",
    "99",
    "Awaiting fee payment",
    "Dormant",
)
"""Values that slip into real exports without ever being declared (the defect)."""

KIND_MARKS: tuple[str, ...] = ("Individual", "Collective", "Certificate")
SUB_CODES = {"Individual": "Individual Mark", "Collective": "Collective Mark",
             "Certificate": "Certification Mark"}  # fmt: skip
"""TransactionSubCode of a national filing, by KindMark."""
MADRID = ("Madrid Designated", "Madrid Mark")
"""TransactionCode and TransactionSubCode of a Madrid designation."""
MADRID_RATE = 0.15
"""Share of Madrid designations (foreign applicants' marks are designations three times more
often than national filings)."""
PLACEHOLDERS: dict[str, float] = {
    "address_line": 0.08,  # "-" as an applicant's address line
    "colour": 0.15,  # "-" as the colour claim of an image without colours
    "disclaimer": 0.08,  # "-" as the disclaimer of a word mark without one
    "country": 0.04,  # "-" as the country of a representative
    "expiry": 0.10,  # 1900-01-01 as the expiry date of an unregistered mark
    "registration_number": 0.08,  # "N/A" as the registration number of an unregistered mark
}
"""IPAS's placeholders for a mandatory field without data, with the share of records (among
those where the field applies) that carry each."""
MARK_FEATURES: tuple[tuple[str, int], ...] = (
    ("Word", 35),
    ("Combined", 35),
    ("Figurative", 14),
    ("Stylized characters", 10),
    ("Three dimensional", 4),
    ("Colour", 2),
)
DEFECT_RATES: dict[str, float] = {
    "no_kind_mark": 0.05,
    "unknown_status": 0.05,
    "applicant_kind_unknown": 0.06,
    "registration_before_application": 0.04,
    "empty_element": 0.06,
}
"""Share of records carrying each defect (each drawn independently)."""

EMPTY_CANDIDATES: tuple[str, ...] = (
    "FreeFormatAddressLine",
    "PriorityNumber",
    "MarkDisclaimer",
    "GoodsServicesDescription",
    "MarkVerbalElementText",
)
"""Elements the ``empty_element`` defect may leave without text."""

EVENT_CODES: dict[str, str] = {
    "filed": "100",
    "formality": "120",
    "published": "200",
    "opposed": "250",
    "registered": "300",
    "renewed": "410",
    "refused": "520",
    "withdrawn": "610",
}
"""IPAS action codes, exported as OfficeSpecificMarkEventCode."""

EVENT_ST66 = {key: code for key, code, _ in vocab.EVENTS}
EVENT_EN = {key: text for key, _, text in vocab.EVENTS}
_FILING = FilingWindow(dt.date(2008, 1, 1), dt.date(2023, 12, 1), "tm-date")


@dataclass(frozen=True, slots=True)
class GoodsClass:
    number: int
    description: str
    description_en: str


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    date: dt.date
    description: str
    description_en: str


@dataclass(frozen=True, slots=True)
class Priority:
    country: str
    number: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Publication:
    date: dt.date
    identifier: str
    section: str


@dataclass(frozen=True, slots=True)
class MarkImage:
    filename: str
    file_format: str
    vienna: tuple[str, ...]
    colour: str | None
    colour_en: str | None


@dataclass(frozen=True, slots=True)
class Trademark:
    """Everything one ST.66 record says; `defects` names the defects planted in it,
    `placeholders` the fields IPAS filled with a placeholder (see `PLACEHOLDERS`)."""

    office: str
    transaction_id: str
    transaction_code: str
    sub_code: str
    application_number: str
    application_date: dt.date
    registration_number: str | None
    registration_date: dt.date | None
    expiry_date: dt.date | None
    language: str
    status: str
    status_date: dt.date
    kind_mark: str | None
    mark_feature: str
    disclaimers: tuple[tuple[str, str], ...]
    word_mark: str | None
    word_mark_en: str | None
    image: MarkImage | None
    goods: tuple[GoodsClass, ...]
    priorities: tuple[Priority, ...]
    publications: tuple[Publication, ...]
    applicants: tuple[Party, ...]
    representatives: tuple[Party, ...]
    events: tuple[Event, ...]
    defects: frozenset[str]
    placeholders: frozenset[str] = frozenset()


CHANGEABLE = frozenset(f.name for f in dataclasses.fields(Trademark)) - {"office", "defects"}
"""Fields `update()` may change at the simulated office."""


# -- numbers ------------------------------------------------------------------------------


def application_date(seed: int, code: str, index: int) -> dt.date:
    """The filing date; its own hash so that identifiers are cheap to compute."""
    return _FILING.date(seed, code, index)


def application_number(profile: OfficeProfile, seed: int, index: int) -> str:
    filed = application_date(seed, profile.code, index)
    check = chr(ord("A") + mix(seed, profile.code, "tm-check", index) % 26)
    return office_number(profile.number_format, filed, index, check=check)


def index_of(code: str, seed: int, source_id: str) -> int | None:
    """The record index behind a compact application number, or None if there is none."""
    profile = office(code)
    match = profile.compiled_pattern().fullmatch(source_id)
    if not match:
        return None
    index = int(match.group("serial")) - 1
    if index < 0 or compact(application_number(profile, seed, index)) != source_id:
        return None
    return index
