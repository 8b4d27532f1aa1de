"""Deterministic randomness: every value of record *i* is derived from (seed, office, i).

Nothing is stored per record, so a simulated office of 100,000 records costs no memory and
record *i* can be produced without producing records 0..i-1. `mix` is SplitMix64 over the
parts (strings hashed with CRC-32), which is stable across processes and Python versions,
unlike `hash()`.
"""

from __future__ import annotations

import random
import zlib

_MASK = (1 << 64) - 1


def _splitmix64(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def mix(*parts: int | str) -> int:
    """A 64-bit hash of the parts, the same on every machine and run."""
    h = 0x6A09E667F3BCC909
    for part in parts:
        value = zlib.crc32(part.encode()) if isinstance(part, str) else part & _MASK
        h = _splitmix64(h ^ value)
    return h


def unit(*parts: int | str) -> float:
    """A float in [0, 1) derived from the parts."""
    return mix(*parts) / 2.0**64


def rng(*parts: int | str) -> random.Random:
    """A private random generator for one purpose of one record."""
    return random.Random(mix(*parts))
