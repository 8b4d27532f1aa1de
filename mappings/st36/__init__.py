"""WIPO ST.36 patent records → ST.96 ``pat:BibliographicData``.

:func:`map_patent` is the mapper the pipeline calls for metadata prefix ``st36``;
:data:`COVERAGE` declares where every source path goes (or why it does not).
"""

from mappings.st36.coverage import COVERAGE, HANDLED_ATTRIBUTES, NotMapped
from mappings.st36.mapper import METADATA_PREFIX, NAMESPACE, dc_texts, map_patent

__all__ = [
    "COVERAGE",
    "HANDLED_ATTRIBUTES",
    "METADATA_PREFIX",
    "NAMESPACE",
    "NotMapped",
    "dc_texts",
    "map_patent",
]
