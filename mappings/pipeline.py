"""One harvested record in, one published record out: parse → map → validate → render.

:func:`process_record` is the only entry point the harvester uses. It is a pure function of
its arguments (no database, no HTTP): the mapper table says which function maps which OAI-PMH
metadata prefix, the ST.96 schema compiled once per process validates the result, and the
oai_dc rendering is produced at the same time so the provider only streams stored bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from mappings.dc import st96_to_dc_bytes
from mappings.errors import MappingError, SourceError, UnsupportedFormatError
from mappings.model import Finding, ProcessedRecord
from mappings.rules import run_rules
from mappings.sgtm import map_sg_trademark
from mappings.source_fields import with_source_fields
from mappings.st36 import dc_texts as patent_dc_texts
from mappings.st36 import map_patent
from mappings.st66 import map_st66
from mappings.st86 import dc_texts as design_dc_texts
from mappings.st86 import map_design
from mappings.st96 import COM, DGN, PAT, ROOT_IP_TYPES, map_st96
from mappings.vocabulary import OfficeVocabulary, load_vocabulary
from mappings.xmlsafe import parse_xml
from xsd.validator import validate

__all__ = [
    "MAPPERS",
    "SUPPORTED_PREFIXES",
    "MappedRecord",
    "Mapper",
    "application_number",
    "finish",
    "map_and_validate",
    "process_record",
    "source_texts",
]

Mapper = Callable[[etree._Element, OfficeVocabulary], tuple[etree._Element, list[Finding]]]

#: metadata prefix → (ip_type, mapper). ``None`` as ip_type: detected from the ST.96 root the
#: mapper returns (ST.96 input can be any IP type). Add one line per source format.
MAPPERS: dict[str, tuple[str | None, Mapper]] = {
    "st36": ("patents", map_patent),
    "st66": ("trademarks", map_st66),
    "st86": ("designs", map_design),
    "st96": (None, map_st96),
    "sg-tm": ("trademarks", map_sg_trademark),
}

#: metadata prefix → the source texts ST.96 has no place for, carried to oai_dc instead
#: (``(dc element, language, text)``: a design title's other languages, patent abstracts).
DC_TEXTS: dict[str, Callable[[etree._Element, OfficeVocabulary], list]] = {
    "st36": patent_dc_texts,
    "st86": design_dc_texts,
}

DETECTED = "detected"
"""SUPPORTED_PREFIXES value for prefixes whose ip_type comes from the record's root (st96):
use ``ProcessedRecord.ip_type``."""

#: metadata prefix → ip_type (or :data:`DETECTED`); derived from :data:`MAPPERS`.
SUPPORTED_PREFIXES: dict[str, str] = {
    prefix: ip_type or DETECTED for prefix, (ip_type, _) in MAPPERS.items()
}

#: ip_type → where its ST.96 record keeps the application number (child steps from the root).
#: A design has no application number element: the mappers put it in dgn:DesignReference (the
#: "external reference" third parties search by); a patent's is its own application reference
#: (not a priority's or the PCT application's); a trademark's is com:ApplicationNumber.
_APPLICATION_NUMBER: dict[str, tuple[str, ...]] = {
    "trademarks": (f"{{{COM}}}ApplicationNumber", f"{{{COM}}}ApplicationNumberText"),
    "patents": (
        f"{{{PAT}}}ApplicationIdentification",
        f"{{{COM}}}ApplicationNumber",
        f"{{{COM}}}ApplicationNumberText",
    ),
    "designs": (f"{{{DGN}}}DesignReference",),
}
_REGISTRATION_NUMBER = f"{{{COM}}}RegistrationNumber"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=False)


@dataclass(frozen=True, slots=True)
class MappedRecord:
    """A record after :func:`map_and_validate`: the ST.96 tree and what the mapping and the
    schema said of it; :func:`finish` adds the quality rules and the renderings."""

    ip_type: str
    st96_root: etree._Element
    findings: tuple[Finding, ...]
    validation_status: str
    validation_errors: tuple[str, ...]
    metadata_prefix: str = ""
    source_root: etree._Element | None = None  # the parsed source, for :func:`source_texts`


def process_record(metadata_prefix: str, raw: bytes, office_code: str) -> ProcessedRecord:
    """Map, validate, check and render one record's metadata payload.

    Raises :class:`~mappings.errors.SourceError` (and nothing else) when the record cannot be
    processed; XSD errors do not raise: they come back as ``validation_status="invalid"`` plus
    ``XSD-INVALID`` findings, so the office sees them in its feedback.
    """
    return finish(map_and_validate(metadata_prefix, raw, office_code), office_code)


def map_and_validate(metadata_prefix: str, raw: bytes, office_code: str) -> MappedRecord:
    """Parse, map to ST.96 and validate against the WIPO schema (the mapping proper; what the
    mapping benchmark measures against lxml's own parse + validate)."""
    try:
        ip_type, mapper = MAPPERS[metadata_prefix]
    except KeyError:
        raise UnsupportedFormatError(
            f"metadata prefix {metadata_prefix!r} is not supported; supported: "
            + ", ".join(sorted(MAPPERS))
        ) from None
    root = parse_xml(raw)
    vocab = load_vocabulary(office_code)
    try:
        st96_root, findings = mapper(root, vocab)
    except SourceError:
        raise
    except Exception as exc:  # a mapper bug must not take the harvest down: report it
        raise MappingError(
            f"the {metadata_prefix} mapper failed on this record ({type(exc).__name__}: {exc})"
        ) from exc
    ip_type = ip_type or ROOT_IP_TYPES.get(st96_root.tag)
    if ip_type is None:
        raise UnsupportedFormatError(f"mapped root {st96_root.tag!r} is not an ST.96 record root")
    status, errors = validate(st96_root, ip_type)
    findings = list(findings)
    for error in errors if status == "invalid" else ():
        path, _, message = error.partition(": ")
        findings.append(
            Finding(
                rule_id="XSD-INVALID",
                severity="error",
                path=path,
                message=f"The ST.96 record is not valid against the WIPO schema: {message}",
                suggestion="Check the source value mapped to this element.",
            )
        )
    return MappedRecord(
        ip_type, st96_root, tuple(findings), status, tuple(errors), metadata_prefix, root
    )


def finish(mapped: MappedRecord, office_code: str) -> ProcessedRecord:
    """The quality rules and the stored renderings (ST.96 and oai_dc bytes) of a mapped record.

    The rules run here, on the tree already in memory, so that every caller (and every harvest
    worker process) gets the complete findings without parsing the ST.96 again; each finding
    then gets the office's source field it concerns (:mod:`mappings.source_fields`).
    """
    root, invalid = mapped.st96_root, mapped.validation_status == "invalid"
    findings = run_rules(
        mapped.ip_type,
        root,
        mapped.findings,
        validation_errors=mapped.validation_errors if invalid else (),
    )
    findings = with_source_fields(mapped.metadata_prefix, findings, mapped.source_root)
    return ProcessedRecord(
        ip_type=mapped.ip_type,
        st96=_serialise(root),
        dc=st96_to_dc_bytes(root, office_code, source_texts(mapped, office_code)),
        validation_status=mapped.validation_status,
        validation_errors=mapped.validation_errors,
        findings=tuple(findings),
        application_number=application_number(root, mapped.ip_type),
    )


def source_texts(mapped: MappedRecord, office_code: str) -> tuple[tuple[str, str | None, str], ...]:
    """The source texts ST.96 has no place for (:data:`DC_TEXTS`), for the oai_dc rendering:
    read from the source when the oai_dc is rendered, not during the mapping proper."""
    texts = DC_TEXTS.get(mapped.metadata_prefix)
    if texts is None or mapped.source_root is None:
        return ()
    return tuple(texts(mapped.source_root, load_vocabulary(office_code)))


def application_number(root: etree._Element, ip_type: str) -> str | None:
    """The application number of an ST.96 record (see :data:`_APPLICATION_NUMBER`); the
    registration number when the record has none (trademarks and designs); None without
    either."""
    for path in (_APPLICATION_NUMBER.get(ip_type, ()), (_REGISTRATION_NUMBER,)):
        el: etree._Element | None = root
        for tag in path:
            el = next(el.iterchildren(tag), None)
            if el is None:
                break
        if el is not None and path:
            text = " ".join((el.text or "").split())
            if text:
                return text
    return None
