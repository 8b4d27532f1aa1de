"""Fix guidance per rule: what is wrong, why it matters to users of the data, how to fix it.

The texts are project data (``guidance.toml``, keyed by rule id), written for office staff
rather than for developers: a finding's message says what the hub saw in one record, the
guidance says what to do about it in the office's own register or export. They are read once
per process; ``tests/mappings/rules/test_guidance.py`` checks every rule of the registry and
every document rule has one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

GUIDANCE_FILE = files("mappings.rules") / "guidance.toml"
FIELDS = ("what", "why", "fix")


@dataclass(frozen=True, slots=True)
class Guidance:
    """The three plain-language answers for one rule."""

    what: str
    why: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        return {"what": self.what, "why": self.why, "fix": self.fix}


@cache
def all_guidance() -> dict[str, Guidance]:
    """Rule id → guidance, parsed from ``guidance.toml`` (once per process).

    A table missing one of the three texts is refused here, at import of the data, not when a
    member of staff opens a finding.
    """
    data = tomllib.loads(GUIDANCE_FILE.read_text(encoding="utf-8"))
    found = {}
    for rule_id, entry in data.items():
        missing = [f for f in FIELDS if not str(entry.get(f, "")).strip()]
        if missing:
            raise ValueError(f"guidance.toml: rule {rule_id} lacks {', '.join(missing)}")
        found[rule_id] = Guidance(*(" ".join(str(entry[f]).split()) for f in FIELDS))
    return found


def guidance_for(rule_id: str) -> Guidance | None:
    """The guidance of ``rule_id``; None for a mapper's own id that has none."""
    return all_guidance().get(rule_id)
