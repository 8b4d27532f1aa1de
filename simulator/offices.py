"""The simulated offices: language, number formats and which ST.66 elements each exports.

The flags mirror `../shared/office-formats/trademarks/XX.paths` (what each office's IPAS
export really contains); the project does not read those files at run time, the tests compare
the generated records with them. Myanmar has no published export: it gets the common IPAS set
(like Cambodia). Singapore exports its own non-ST.66 format; the simulator serves IPAS-style
ST.66 for it for now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator import vocab


@dataclass(frozen=True, slots=True)
class OfficeProfile:
    """What distinguishes one office's records from another's."""

    code: str
    name: str
    repository_id: str
    language: vocab.Language
    number_format: str
    """Application number; fields {y} (year), {y2} (two-digit year), {n} (serial), {check}."""
    number_pattern: str
    """Regex over the compact number (letters and digits only) with a `serial` group."""
    registration_format: str
    """Registration number; "" means the application number is kept at registration."""
    kind_mark: bool = True
    address_lines: bool = True
    colour_claim: bool = True
    event_names: bool = False
    """True: events carry OfficeSpecificMarkEventName (PH) instead of code + description."""
    publication_identifier: bool = False
    publication_section: bool = False

    def compiled_pattern(self) -> re.Pattern[str]:
        return _compile(self.number_pattern)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compile(pattern: str) -> re.Pattern[str]:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


OFFICES: dict[str, OfficeProfile] = {
    p.code: p
    for p in (
        OfficeProfile(
            "BN",
            "Brunei Darussalam Intellectual Property Office",
            "ipas.bn",
            vocab.MS,
            "BN/T/{y}/{n:05d}",
            r"BNT\d{4}(?P<serial>\d{5,})",
            "",
            publication_identifier=True,
        ),
        OfficeProfile(
            "ID",
            "Directorate General of Intellectual Property, Indonesia",
            "ipas.id",
            vocab.ID,
            "DID{y}{n:06d}",
            r"DID\d{4}(?P<serial>\d{6,})",
            "IDM{n:09d}",
        ),
        OfficeProfile(
            "KH",
            "Department of Intellectual Property Rights, Cambodia",
            "ipas.kh",
            vocab.KM,
            "KH/49/{y}/{n:06d}",
            r"KH49\d{4}(?P<serial>\d{6,})",
            "KH/{n:05d}/{y2}",
        ),
        OfficeProfile(
            "LA",
            "Department of Intellectual Property, Lao PDR",
            "ipas.la",
            vocab.LO,
            "LA/T/{y}/{n:05d}",
            r"LAT\d{4}(?P<serial>\d{5,})",
            "{n:05d}",
        ),
        OfficeProfile(
            "MM",
            "Intellectual Property Department, Myanmar",
            "ipas.mm",
            vocab.MY,
            "4/M/{y}/{n:08d}",
            r"4M\d{4}(?P<serial>\d{8,})",
            "",
        ),
        OfficeProfile(
            "MY",
            "Intellectual Property Corporation of Malaysia",
            "ipas.my",
            vocab.MS,
            "TM{y}{n:06d}",
            r"TM\d{4}(?P<serial>\d{6,})",
            "",
        ),
        OfficeProfile(
            "PH",
            "Intellectual Property Office of the Philippines",
            "ipas.ph",
            vocab.EN_PH,
            "4/{y}/{n:08d}",
            r"4\d{4}(?P<serial>\d{8,})",
            "",
            kind_mark=False,
            address_lines=False,
            colour_claim=False,
            event_names=True,
            publication_identifier=True,
            publication_section=True,
        ),
        OfficeProfile(
            "SG",
            "Intellectual Property Office of Singapore",
            "ipas.sg",
            vocab.EN_SG,
            "40{y}{n:05d}{check}",
            r"40\d{4}(?P<serial>\d{5,})[A-Z]",
            "",
        ),
        OfficeProfile(
            "TH",
            "Department of Intellectual Property, Thailand",
            "ipas.th",
            vocab.TH,
            "{y2:02d}{n:07d}",
            r"\d{2}(?P<serial>\d{7,})",
            "ค{n:06d}",
        ),
        OfficeProfile(
            "VN",
            "Intellectual Property Office of Viet Nam",
            "ipas.vn",
            vocab.VI,
            "4-{y}-{n:05d}",
            r"4\d{4}(?P<serial>\d{5,})",
            "4-0{n:06d}-000",
        ),
    )
}
"""Every office the simulator can play, by ST.3 code."""


def office(code: str) -> OfficeProfile:
    """The profile of an office; a clear error for codes the simulator does not know."""
    try:
        return OFFICES[code.upper()]
    except KeyError:
        known = ", ".join(sorted(OFFICES))
        raise ValueError(f"unknown office {code!r}; known offices: {known}") from None
