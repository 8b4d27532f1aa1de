"""The one mapping framework every source format uses (issue 14, item 10).

A format is a coverage table (:class:`~mappings.framework.table.CoverageTable`, exported as
``TABLE`` by ``mappings/<format>/table.py``) plus the section functions that write ST.96 from a
:class:`~mappings.framework.context.MappingContext`. The framework gives every format the same:

- :mod:`.table`: the table type (source path → ST.96 path or
  :class:`~mappings.model.NotMapped`), its extension namespaces and its inverse lookup
  :meth:`~mappings.framework.table.CoverageTable.source_paths_for`;
- :mod:`.walk`: the one walk over a source record, exact by namespace (unmapped elements and
  attributes, placeholders, the children index) and the source-path notation;
- :mod:`.context`: the one per-record context (findings, reading helpers, languages, dates,
  codes, vocabulary misses, generated values);
- :mod:`.reading` and :mod:`.values`: tree reading and value normalising helpers.
"""
