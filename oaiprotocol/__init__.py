"""OAI-PMH 2.0 itself, shared by the node's provider, the simulated offices and the harvester.

No Flask, no database: the verbs' argument table and the check that reads it (``verbs.py``),
one exception per error code (``errors.py``), datestamps parsed and formatted (``dates.py``),
and the namespaces and elements both servers build (``elements.py``).
"""
