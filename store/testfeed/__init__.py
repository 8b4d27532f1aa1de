"""The test feed's tables and what reads them (issue 18): test deliveries and their records
(:mod:`.models`), the coordinator's limits (:mod:`.limits`), results as plain data for pages, API
and CLI (:mod:`.report`), expired deliveries removed (:mod:`.purge`).

The harvester writes test deliveries (:mod:`harvester.testfeed`); the node shows them.
"""


class Refused(ValueError):
    """The test cannot start at all (bad URL, unknown prefix); the message says why."""


class FileTooLarge(Refused):
    """The test file is over ``TEST_FEED_MAX_BYTES`` (the API answers 413)."""
