"""Applicants, inventors, designers and agents for the patent and design generators.

Drawn from the language pools of :mod:`simulator.vocab` (the trademark generator's
pools), so that a Thai design's applicant looks like a Thai trademark's. Each party keeps a local
and a Latin form of its name, because the offices' exports carry both.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator import vocab

#: Office code → the language pool its records are written in.
LANGUAGES: dict[str, vocab.Language] = {
    "BN": vocab.MS,
    "ID": vocab.ID,
    "KH": vocab.KM,
    "LA": vocab.LO,
    "MM": vocab.MY,
    "MY": vocab.MS,
    "PH": vocab.EN_PH,
    "SG": vocab.EN_SG,
    "TH": vocab.TH,
    "VN": vocab.VI,
}


@dataclass(frozen=True, slots=True)
class Party:
    """A party as offices record it; ``kind`` is the truth the export does not carry
    ("natural", "legal", or None: cannot be told from the name)."""

    name: str
    name_en: str
    country: str
    address: tuple[str, ...]
    kind: str | None


def language(office_code: str) -> vocab.Language:
    """The pool of an office (English for offices the simulator does not know)."""
    return LANGUAGES.get(office_code.upper(), vocab.EN_SG)


def address(r: random.Random, lang: vocab.Language) -> tuple[str, ...]:
    return (r.choice(lang.streets).format(r.randint(1, 480)), r.choice(lang.localities))


def person(r: random.Random, lang: vocab.Language, honorifics: bool = False) -> Party:
    """A person; `honorifics`: with the language's honorific, if it has any (trademarks)."""
    given, family = r.choice(lang.given), r.choice(lang.family)
    parts = (family, given) if lang.family_first else (given, family)
    local = " ".join(p[0] for p in parts if p[0])
    latin = " ".join(p[1] for p in parts if p[1])
    if honorifics and lang.honorifics:
        hon_local, hon_latin = r.choice(lang.honorifics)
        glue = "" if lang.code == "my" else " "  # Burmese writes ဦး and ဒေါ် without a space
        local, latin = f"{hon_local}{glue}{local}", f"{hon_latin} {latin}"
    return Party(local, latin, lang.country, address(r, lang), "natural")


def company(r: random.Random, lang: vocab.Language, forms: tuple[vocab.Pair, ...]) -> Party:
    stem, form = r.choice(lang.company_stems), r.choice(forms)
    return Party(
        form[0].format(stem[0]), form[1].format(stem[1]), lang.country, address(r, lang), "legal"
    )


def applicant(
    r: random.Random, lang: vocab.Language, foreign_share: float = 0.3, honorifics: bool = False
) -> Party:
    """An applicant: foreign companies file a large share of patents and designs in ASEAN."""
    roll = r.random()
    if roll < foreign_share:
        name, country, lines = r.choice(vocab.FOREIGN_APPLICANTS)
        return Party(name, name, country, lines, "legal")
    if roll < foreign_share + (1 - foreign_share) * 0.6:
        return company(r, lang, lang.company_forms)
    return person(r, lang, honorifics)


def creator(r: random.Random, lang: vocab.Language, country: str) -> Party:
    """An inventor or designer: a person of the applicant's country."""
    if country != lang.country:
        people = vocab.FOREIGN_PEOPLE
        candidates = [p for p in people if p[1] == country] or list(people)
        name, home = r.choice(candidates)
        return Party(name, name, home, (), "natural")
    return person(r, lang)


def creators(
    r: random.Random, lang: vocab.Language, country: str, weights: tuple[int, int, int]
) -> tuple[Party, ...]:
    """One to three inventors or designers (``weights`` of 1, 2, 3), distinct by name."""
    drawn = (creator(r, lang, country) for _ in range(r.choices((1, 2, 3), weights)[0]))
    return tuple({p.name: p for p in drawn}.values())


def agent(r: random.Random, lang: vocab.Language, honorifics: bool = False) -> Party:
    return company(r, lang, lang.agent_forms) if r.random() < 0.8 else person(r, lang, honorifics)
