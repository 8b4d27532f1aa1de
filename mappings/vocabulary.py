"""Per-office vocabularies: office words → ST.96 enumeration values.

Each office writes statuses, mark kinds and features in its own words and language ("Merek Kata
dan Lukisan", "TRADE MARK", "Đã cấp văn bằng"). The tables live in readable TOML files,
``vocabularies/default.toml`` (the ST.66 standard values, shared by every office) overlaid by
``vocabularies/XX.toml``, so an office's data steward can review and extend them without reading
Python. Lookups are case-, space- and punctuation-insensitive; a value not in the table is
*unknown*: the mapper keeps it and reports it, and never guesses.

An empty string as the ST.96 value means "known, but ST.96 has no equivalent enumeration":
the original text is kept and no finding is raised.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["TABLES", "OfficeVocabulary", "load_vocabulary", "normalise_key"]

VOCAB_DIR = Path(__file__).with_name("vocabularies")

TABLES = (
    "mark_category",  # ST.66 KindMark → tmk:MarkCategory
    "mark_feature",  # ST.66 MarkFeature → tmk:MarkFeatureCategory
    "status",  # MarkCurrentStatusCode → tmk:MarkCurrentStatusCategory (or "" = keep as is)
    "event_category",  # MarkEventCode → tmk:MarkEventCategory
    "image_format",  # MarkImageFileFormat → com:ImageFormatCategory
    "legal_entity",  # ApplicantLegalEntity → "natural person" | "legal entity"
    "classification_kind",  # MarkImageCategory/CategoryKind → "Vienna" | "National"
    "language",  # IPAS language tags (kh, in, vn, la) → ISO 639-1
    "filing_route",  # TransactionCode / TransactionSubCode → "national" | "madrid"
)

_SPACES = re.compile(r"[\s_\-./,;:()]+")


@lru_cache(maxsize=4096)
def normalise_key(value: str) -> str:
    """The lookup key of a vocabulary word: NFC, case-folded, punctuation and spaces squeezed.

    Cached: records repeat the same few dozen office words, so a lookup is two dict hits."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value).casefold()).strip()


@dataclass(frozen=True)
class OfficeVocabulary:
    """The merged tables of one office (default overlaid by the office's own file)."""

    office_code: str
    office_name: str = ""
    languages: tuple[str, ...] = ()
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def lookup(self, table: str, value: str) -> str | None:
        """The ST.96 value for ``value`` in ``table``; None when the word is unknown."""
        return self.tables.get(table, {}).get(normalise_key(value))

    @property
    def language(self) -> str | None:
        """The office's main language (ISO 639-1), used to label untagged texts."""
        return self.languages[0] if self.languages else None


def _read(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load_vocabulary(office_code: str) -> OfficeVocabulary:
    """The vocabulary for ``office_code`` (default only when the office has no file).

    Loaded once per process and office; the tables are read-only afterwards.
    """
    return _load((office_code or "").strip().upper())


@lru_cache(maxsize=64)
def _load(code: str) -> OfficeVocabulary:
    files = [VOCAB_DIR / "default.toml"]
    own = VOCAB_DIR / f"{code}.toml"
    if code and own.is_file():
        files.append(own)
    tables: dict[str, dict[str, str]] = {name: {} for name in TABLES}
    name, languages = "", ()
    for path in files:
        data = _read(path)
        office = data.get("office", {})
        name = office.get("name", name)
        languages = tuple(office.get("languages", languages))
        for table in TABLES:
            for word, st96 in data.get(table, {}).items():
                tables[table][normalise_key(word)] = st96
    return OfficeVocabulary(
        office_code=code,
        office_name=name,
        languages=languages,
        tables=tables,
        sources=tuple(p.name for p in files),
    )
