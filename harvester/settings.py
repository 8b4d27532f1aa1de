"""The harvester's settings, read once from the app config into a plain value.

The runner, the scheduler and the benchmark take a :class:`HarvestSettings` instead of the
Flask app, so they run without an app context and tests can shrink every delay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harvester.faults import RetryPolicy
from harvester.transport import Limits
from store.config import configured, setting

#: Config keys of an S3-compatible document store.
S3_KEYS = ("DOCUMENT_S3_ENDPOINT_URL", "DOCUMENT_S3_REGION")


@dataclass(frozen=True)
class HarvestSettings:
    repository_identifier: str = setting("REPOSITORY_IDENTIFIER")
    timeout: float = setting("HARVEST_TIMEOUT")
    overlap: int = setting("HARVEST_OVERLAP")
    time_budget: float = setting("HARVEST_TIME_BUDGET")
    lease_ttl: float = setting("HARVEST_LEASE_TTL")
    #: Processes mapping records (``HARVEST_WORKERS``): 0 = one per CPU, 1 = in the harvest
    #: process itself (see :mod:`harvester.pool`).
    workers: int = setting("HARVEST_WORKERS")
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    #: What one office response may cost (``HARVEST_REQUEST_DEADLINE``, ``HARVEST_MAX_*_BYTES``).
    limits: Limits = field(default_factory=Limits)
    #: ``DOCUMENT_STORE`` (a directory or ``s3://bucket/prefix``): when set, each successful
    #: run fetches the documents its office's records reference (:mod:`harvester.documents`).
    document_store: str | None = None
    #: ``(key, value)`` of the S3 settings :func:`store.document_files.open_store` reads.
    document_store_config: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> HarvestSettings:
        """``HARVEST_*`` settings, each defaulting to what :data:`store.config.SETTINGS` says."""
        return configured(
            cls,
            config,
            policy=configured(RetryPolicy, config),
            limits=configured(Limits, config),
            document_store=str(config["DOCUMENT_STORE"]) if config.get("DOCUMENT_STORE") else None,
            document_store_config=tuple(
                (key, config[key]) for key in S3_KEYS if config.get(key) is not None
            ),
        )
