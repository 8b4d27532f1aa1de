"""What the node needs from the parts above it, plugged in by the composition root.

The node (provider, portal, console, APIs) never imports the harvester or the task engine: it
talks to them through the store (an upload is stored ``pending``; the harvester claims it). Where
it offers more when they are there, it finds them under these ``app.extensions`` keys, which
:func:`iphub.app.create_app` fills. An app made by :func:`node.create_app` alone works without
them: uploads wait for ``iphub scheduler``, counts at the offices are not taken, and the console
says the task engine is not shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from flask import Flask

from store.database import Database

#: an :class:`UploadProcessor`: pending uploads processed now or in the background
UPLOADS = "iphub.uploads"
#: an :data:`OfficeCounter`: ListIdentifiers counts at the offices that are due
OFFICE_COUNTER = "iphub.office_counter"
#: a callable ``(config) -> status`` of the task engine's workers and queues
ENGINE_STATUS = "iphub.engine_status"
#: a :class:`TestFeedRunner`: a test delivery checked now (the portal's and API's test feed)
TEST_FEED = "iphub.test_feed"

#: ``(db, config, interval seconds, now) -> one line per endpoint counted``
OfficeCounter = Callable[[Database, Mapping[str, Any], float, datetime | None], list[str]]


class UploadProcessor(Protocol):
    def process(self, run_id: int) -> object:
        """Process the accepted run now, in the caller's thread."""

    def kick(self) -> object:
        """Make sure pending runs are drained in the background soon."""


class TestFeedRunner(Protocol):
    def try_upload(self, db: Database, config: Mapping[str, Any], office: str, name: str,
                   data: bytes, prefix: str, *, by: str) -> int:  # fmt: skip
        """Check a test file; the new delivery's id (nothing published)."""

    def try_endpoint(self, db: Database, config: Mapping[str, Any], office: str, url: str,
                     prefix: str, *, by: str, set_spec: str = "") -> int:  # fmt: skip
        """Check a test endpoint; the new delivery's id (nothing published)."""


def plugged(app: Flask, key: str) -> Any | None:
    """What the composition root plugged in under ``key``, or None."""
    return app.extensions.get(key)
