"""IPOS (Singapore) trademark export (metadata prefix ``sg-tm``) → ST.96 Trademark.

Modules: ``table`` (declared coverage: source path → ST.96 path or reason), ``vocab`` (the
format's own words, ``vocabularies/SG.sgtm.toml``), ``context`` (findings and reading helpers,
built on the ST.66 context), one module per area (``mark``, ``goods``, ``parties``, ``events``)
and ``mapper`` (the entry point :func:`map_sg_trademark`).
"""

from mappings.sgtm.mapper import map_sg_trademark, unmapped_findings
from mappings.sgtm.table import COVERAGE, HANDLED_ATTRIBUTES, ROOTS

__all__ = ["COVERAGE", "HANDLED_ATTRIBUTES", "ROOTS", "map_sg_trademark", "unmapped_findings"]
