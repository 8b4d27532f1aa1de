"""Simulated national IP offices: real OAI-PMH endpoints over deterministic generated records.

Used to test and benchmark the harvester without the offices: ``iphub simulate-office KH``
on the command line, `SimulatedOffice` with `serve_in_thread` in tests.
"""

from harvester.simulator.generators import GENERATORS, Generator
from harvester.simulator.server import SimulatedOffice, running, serve_in_thread

__all__ = ["GENERATORS", "Generator", "SimulatedOffice", "running", "serve_in_thread"]
