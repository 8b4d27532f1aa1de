"""``iphub reprocess``: re-derive published records and findings from the stored originals.

When a mapping, a vocabulary or a quality rule changes, the originals the hub keeps
(``SourceRecord.raw``) go through ``process_record`` again and the ingest's own page writer
stores the result: a record whose renderings and findings are unchanged keeps its datestamp,
one that changed gets a new one, so third parties' incremental harvests fetch exactly the real
changes. Modules: ``selection`` (which originals), ``chunk`` (one chunk: claim, map, store),
``runs`` (runs, chunk planning, progress, closing), ``driver`` (in process, a local pool, or
Celery workers), ``cli``.
"""
