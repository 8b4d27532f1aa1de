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

#: Config keys of an S3-compatible document store.
S3_KEYS = ("DOCUMENT_S3_ENDPOINT_URL", "DOCUMENT_S3_REGION")


@dataclass(frozen=True)
class HarvestSettings:
    repository_identifier: str = "iphub.local"
    timeout: float = 30.0
    overlap: int = 1
    time_budget: float = 6 * 3600.0
    lease_ttl: float = 120.0
    #: Processes mapping records (``HARVEST_WORKERS``): 0 = one per CPU, 1 = in the harvest
    #: process itself (see :mod:`harvester.pool`).
    workers: int = 0
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
        """``HARVEST_*`` settings; those not yet in node.config fall back to the defaults."""
        policy = RetryPolicy(
            max_retries=int(config.get("HARVEST_MAX_RETRIES", 6)),
            base_delay=float(config.get("HARVEST_BACKOFF_BASE", 0.5)),
            max_delay=float(config.get("HARVEST_BACKOFF_MAX", 60.0)),
            retry_after_cap=float(config.get("HARVEST_RETRY_AFTER_CAP", 120.0)),
        )
        return cls(
            repository_identifier=config.get("REPOSITORY_IDENTIFIER", "iphub.local"),
            timeout=float(config.get("HARVEST_TIMEOUT", 30.0)),
            overlap=int(config.get("HARVEST_OVERLAP", 1)),
            time_budget=float(config.get("HARVEST_TIME_BUDGET", 6 * 3600)),
            lease_ttl=float(config.get("HARVEST_LEASE_TTL", 120.0)),
            workers=int(config.get("HARVEST_WORKERS", 0)),
            policy=policy,
            limits=Limits(
                deadline=float(config.get("HARVEST_REQUEST_DEADLINE", 300.0)),
                max_wire_bytes=int(config.get("HARVEST_MAX_WIRE_BYTES", 64 << 20)),
                max_page_bytes=int(config.get("HARVEST_MAX_PAGE_BYTES", 64 << 20)),
            ),
            document_store=str(config["DOCUMENT_STORE"]) if config.get("DOCUMENT_STORE") else None,
            document_store_config=tuple(
                (key, config[key]) for key in S3_KEYS if config.get(key) is not None
            ),
        )
