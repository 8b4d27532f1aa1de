"""IPOS (Singapore) trademark export (metadata prefix ``sg-tm``) → ST.96 Trademark.

Modules: ``table`` (:data:`TABLE`, the declared coverage: source path → ST.96 path or reason),
``vocab`` (the format's own words, ``vocabularies/SG.sgtm.toml``) and ``words`` (reading
values through them), one module per area (``mark``, ``goods``, ``parties``, ``events``) and
``mapper`` (the entry point :func:`map_sg_trademark`).
"""

from mappings.sgtm.mapper import map_sg_trademark
from mappings.sgtm.table import ROOTS, TABLE

__all__ = ["ROOTS", "TABLE", "map_sg_trademark"]
