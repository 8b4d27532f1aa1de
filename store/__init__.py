"""The store: the bottom layer of iphub that every other part reads and writes through.

Models (``models.py`` and ``*_models.py``) and their Alembic migrations (``migrations/``,
``migrate.py``), the engine and sessions (``database.py``), the page writer that owns the bulk
paths (``pages.py`` over ``bulk.py``), the quality findings and feedback (``findings.py``),
leases, uploads as stored, the end of a run, and the document file store. It imports nothing
of the harvester, the node, the task engine or the composition root (``tests/test_layers.py``);
of ``mappings`` only the pure model types, the rules' guidance and the supported prefixes.
"""
