"""The values the mappings hand to the rest of iphub (see docs/architecture.md).

Both are small immutable records: a finding is a value of the domain, not a log string, so
the quality feedback, the portal and the tests can all read the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SEVERITIES = ("critical", "error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation about a record, pointing at the ST.96 path it concerns and, where one
    exists, at the office's own source field it came from (issue 18)."""

    rule_id: str  # stable id, e.g. "TM-MARK-CATEGORY-MISSING"
    severity: str  # "critical" | "error" | "warning" | "info"
    path: str  # ST.96 path, e.g. "/tmk:Trademark/tmk:MarkCategory"
    message: str  # for office staff
    suggestion: str = ""  # suggested fix
    generated: bool = False  # True when it marks a value the hub generated
    #: the source path the mapping read, in the coverage table's notation
    #: ("/patent-document/bibliographic-data/parties/..."); None: no one field at source (a value
    #: the hub generated, a rule on the whole record), never a guess
    source_field: str | None = None

    def __reduce__(self) -> tuple:
        """Pickled as a constructor call: findings travel from the mapping workers by the
        hundred per page, and a slotted dataclass's default unpickling looks up its fields
        for every object (three times slower)."""
        return (Finding, (self.rule_id, self.severity, self.path, self.message,
                          self.suggestion, self.generated, self.source_field))  # fmt: skip

    def with_source(self, source_field: str) -> Finding:
        """The same finding pointing at ``source_field``."""
        return replace(self, source_field=source_field)


@dataclass(frozen=True, slots=True)
class NotMapped:
    """A source path that deliberately does not reach ST.96, with the reason (a coverage
    table's entry): the coverage report lists it as "not mapped", the value-retention check
    accounts for its values by this reason, and the walk does not report it as unmapped."""

    reason: str


@dataclass(frozen=True, slots=True)
class ProcessedRecord:
    """A source record after mapping, validation and oai_dc rendering."""

    ip_type: str  # "trademarks" | "patents" | "designs"
    st96: bytes | None  # serialised ST.96 root, UTF-8, no XML declaration
    dc: bytes | None  # serialised oai_dc:dc root, no XML declaration
    validation_status: str  # "valid" | "invalid" | "skipped" (schemas not present)
    validation_errors: tuple[str, ...]
    findings: tuple[Finding, ...]
    application_number: str | None
