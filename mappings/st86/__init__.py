"""ST.86-style design records (as exported by WIPO IPAS) → ST.96 ``dgn:Design``.

:func:`map_design` is the mapper the pipeline calls for metadata prefix ``st86``;
:data:`TABLE` declares where every source path goes (or why it does not).
"""

from mappings.st86.mapper import METADATA_PREFIX, NAMESPACE, dc_texts, map_design
from mappings.st86.table import TABLE, WO_DESIGNS

__all__ = ["METADATA_PREFIX", "NAMESPACE", "TABLE", "WO_DESIGNS", "dc_texts", "map_design"]
