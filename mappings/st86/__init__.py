"""ST.86-style design records (as exported by WIPO IPAS) → ST.96 ``dgn:Design``.

:func:`map_design` is the mapper the pipeline calls for metadata prefix ``st86``;
:data:`COVERAGE` declares where every source path goes (or why it does not).
"""

from mappings.st86.coverage import COVERAGE, EXTENSIONS, HANDLED_ATTRIBUTES, WO_DESIGNS, NotMapped
from mappings.st86.mapper import METADATA_PREFIX, NAMESPACE, dc_texts, map_design

__all__ = [
    "COVERAGE",
    "EXTENSIONS",
    "HANDLED_ATTRIBUTES",
    "METADATA_PREFIX",
    "NAMESPACE",
    "WO_DESIGNS",
    "NotMapped",
    "dc_texts",
    "map_design",
]
