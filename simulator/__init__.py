"""Simulated national IP offices: real OAI-PMH endpoints over deterministic generated records.

Used to test and benchmark the harvester without the offices: ``iphub simulate-office KH``
on the command line, `SimulatedOffice` with `serve_in_thread` in tests. Beside the product, not
part of it: nothing in ``node``, ``harvester`` or ``mappings`` imports this package (the app's
CLI assembly adds its commands). ``simulator.demo`` holds the demo and benchmark set-up.
"""

from simulator.generators import GENERATORS, Generator
from simulator.server import SimulatedOffice
from simulator.serving import running, serve_in_thread

__all__ = ["GENERATORS", "Generator", "SimulatedOffice", "running", "serve_in_thread"]
