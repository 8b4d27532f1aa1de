"""Imported by the mapping pool's forkserver only (``set_forkserver_preload``), never by
harvest code: importing it is what makes the forkserver end with the harvest process that
started it (see :mod:`harvester.orphans`)."""

from harvester.orphans import guard

guard(signal_on_death=False)
