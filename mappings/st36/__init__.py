"""WIPO ST.36 patent records → ST.96 ``pat:BibliographicData``.

:func:`map_patent` is the mapper the pipeline calls for metadata prefix ``st36``;
:data:`TABLE` declares where every source path goes (or why it does not).
"""

from mappings.st36.mapper import METADATA_PREFIX, NAMESPACE, dc_texts, map_patent
from mappings.st36.table import TABLE

__all__ = ["METADATA_PREFIX", "NAMESPACE", "TABLE", "dc_texts", "map_patent"]
