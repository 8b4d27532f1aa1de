"""ST.66 trademarks (WIPO IPAS exports) → ST.96 Trademark.

Modules: ``table`` (:data:`TABLE`, the declared coverage: source path → ST.96 path or reason),
one module per area (``mark``, ``goods``, ``parties``, ``events``, ``route``) reading through
the framework's :class:`~mappings.framework.context.MappingContext`, and ``mapper`` (the entry
point :func:`map_st66`).
"""

from mappings.st66.mapper import locate_trademark, map_st66
from mappings.st66.table import ST66_NS, TABLE

__all__ = ["ST66_NS", "TABLE", "locate_trademark", "map_st66"]
