"""ST.66 trademarks (WIPO IPAS exports) → ST.96 Trademark.

Modules: ``table`` (declared coverage: source path → ST.96 path or reason), ``context``
(findings and reading helpers), one module per area (``mark``, ``goods``, ``parties``,
``events``) and ``mapper`` (the entry point :func:`map_st66`).
"""

from mappings.st66.context import ST66_NS
from mappings.st66.mapper import locate_trademark, map_st66, source_paths, unmapped_findings
from mappings.st66.table import COVERAGE, HANDLED_ATTRIBUTES, NotMapped

__all__ = [
    "COVERAGE",
    "HANDLED_ATTRIBUTES",
    "ST66_NS",
    "NotMapped",
    "locate_trademark",
    "map_st66",
    "source_paths",
    "unmapped_findings",
]
