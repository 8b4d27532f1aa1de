"""Configuration: defaults, then the instance folder's ``config.py``, then ``IPHUB_*`` variables.

Each setting is documented here once; ``tests/test_config.py`` checks the README lists them all.
A wrong value is a :class:`ConfigError` with a sentence a coordinator can act on, never a
traceback from deep inside SQLAlchemy or lxml.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

T = TypeVar("T")


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Setting:
    """One configuration key: its default, how to read it from the environment, and why."""

    key: str
    default: Any
    doc: str
    kind: type = str


# One setting a line: the table reads best so (pyproject.toml lets these lines run long).
# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", None, "SQLAlchemy URL of the store; default a SQLite file in instance/."),
    Setting("SECRET_KEY", None, "Signs sessions and resumption tokens; identical on every replica."),
    Setting("ST96_XSD_DIR", None, "Directory of the official ST.96 V6_0 schemas."),
    Setting("REPOSITORY_NAME", "iphub — IP data exchange node", "Identify repositoryName."),
    Setting("REPOSITORY_IDENTIFIER", "iphub.local", "oai-identifier namespace of record ids."),
    Setting("ADMIN_EMAIL", "coordinator@iphub.local", "Identify adminEmail."),
    Setting("BASE_URL", None, "Public base URL of /oai when behind a proxy (else from request)."),
    Setting("OAI_PAGE_SIZE", 200, "Records per ListRecords/ListIdentifiers page.", int),
    Setting("OAI_TOKEN_TTL", 7 * 24 * 3600, "Seconds a resumption token stays valid.", int),
    Setting("OAI_AUTH_REQUIRED", True, "Require client credentials on /oai (closed by default).", bool),
    Setting("HARVEST_TIMEOUT", 30.0, "Seconds before an office request times out.", float),
    Setting("HARVEST_MAX_RETRIES", 6, "Retries of one office request before a run fails.", int),
    Setting("HARVEST_OVERLAP", 1, "Seconds subtracted from `from` on incremental runs.", int),
    Setting("HARVEST_TIME_BUDGET", 6 * 3600, "Seconds a run may last before it is checkpointed.", int),
    Setting("HARVEST_LEASE_TTL", 120, "Seconds a harvest lock lives without a heartbeat.", int),
    Setting("HARVEST_WORKERS", 0, "Processes mapping harvested records; 0 = one per CPU, 1 = none.", int),
    Setting("HARVEST_BACKOFF_BASE", 0.5, "First retry delay in seconds (doubles, with jitter).", float),
    Setting("HARVEST_BACKOFF_MAX", 60.0, "Longest retry delay in seconds.", float),
    Setting("HARVEST_RETRY_AFTER_CAP", 120.0, "Longest Retry-After the harvester honours.", float),
    Setting("HARVEST_REQUEST_DEADLINE", 300.0, "Seconds one office response may take in all.", float),
    Setting("HARVEST_MAX_WIRE_BYTES", 64 << 20, "Bytes one office response may send.", int),
    Setting("HARVEST_MAX_PAGE_BYTES", 64 << 20, "Bytes one office response may inflate to.", int),
    Setting("RATE_LIMIT", "600/minute", "Requests per client on /oai: N/second|minute|hour|day, or off."),
    Setting("OAUTH_TOKEN_TTL", 3600, "Seconds an OAuth 2.0 bearer token stays valid.", int),
    Setting("LOGIN_MAX_FAILURES", 5, "Failed portal logins allowed per email and address...", int),
    Setting("LOGIN_FAILURE_WINDOW", 900, "...within this many seconds.", int),
    Setting("AUTH_MAX_FAILURES_PER_ADDRESS", 30, "Failed logins and credentials per address in that window before 429.", int),
    Setting("THIRD_PARTY_INVITE_DEFAULT", False, "Offices may invite third parties directly.", bool),
    Setting("PASSWORD_HASH_METHOD", "scrypt", "werkzeug hash method for user passwords."),
    Setting("SESSION_COOKIE_SECURE_MODE", None, "Secure session cookie: unset = on unless testing.", bool),
    Setting("DOCUMENT_STORE", None, "Directory of the content-addressed document store."),
    Setting("MAX_CONTENT_LENGTH", 256 * 2**20, "Largest request body in bytes (uploads); 413.", int),
    Setting("UPLOAD_INLINE_BYTES", 2**20, "Uploads up to this size are processed in the request.", int),
    Setting("UPLOAD_MAX_MEMBER_BYTES", 20_000_000, "Largest zip member, uncompressed.", int),
    Setting("UPLOAD_MAX_TOTAL_BYTES", 2_000_000_000, "Largest zip, uncompressed, in total.", int),
    Setting("UPLOAD_KEEP_REJECTED_BYTES", 1_000_000, "Bytes kept of a refused file or member.", int),
    # monitoring and pushed feedback (docs/monitoring.md)
    Setting("PUBLIC_URL", "http://127.0.0.1:5000", "Public root URL of the node, for links."),
    Setting("MONITOR_QUIET_DAYS", 7.0, "Days without a new or changed record before an alert.", float),
    Setting("MONITOR_COUNT_GAP", 0.05, "Share by which held and office counts may differ.", float),
    Setting("MONITOR_FAILED_RUNS", 3, "Consecutive failed runs of an endpoint before an alert.", int),
    Setting("MONITOR_INTERVAL", 3600.0, "Seconds between the scheduler's monitoring checks.", float),
    Setting("MONITOR_COUNT_INTERVAL", 86400.0, "Seconds between ListIdentifiers counts.", float),
    Setting("METRICS_TOKEN", None, "Bearer token that may scrape /metrics (besides coordinators)."),
    Setting("METRICS_ALLOWED", "", "Addresses or networks that may scrape /metrics, comma-separated."),
    Setting("NOTIFY_ALLOW_PRIVATE", False, "Webhooks may point at loopback/private addresses.", bool),
    Setting("NOTIFY_MAX_ATTEMPTS", 8, "Attempts of one delivery before it is given up.", int),
    Setting("NOTIFY_BACKOFF_BASE", 30.0, "Seconds before a delivery's first retry (doubling).", float),
    Setting("NOTIFY_BACKOFF_MAX", 21600.0, "Longest delay between two attempts, seconds.", float),
    Setting("NOTIFY_TIMEOUT", 10.0, "Seconds a webhook receiver or SMTP server may take.", float),
    Setting("NOTIFY_INTERVAL", 30.0, "Seconds between the scheduler's sends of due deliveries.", float),
    Setting("GATE_INTERVAL", 300.0, "Seconds between the scheduler's gating auto-releases.", float),
    Setting("SMTP_HOST", None, "SMTP server of e-mail digests (unset: no e-mail)."),
    Setting("SMTP_PORT", 25, "SMTP port.", int),
    Setting("SMTP_USER", None, "SMTP user name (unset: no login)."),
    Setting("SMTP_PASSWORD", None, "SMTP password."),
    Setting("SMTP_FROM", "iphub@localhost", "From address of e-mail digests."),
    Setting("SMTP_STARTTLS", False, "Use STARTTLS with the SMTP server.", bool),
    # the test feed (docs/test-feed.md)
    Setting("TEST_FEED_MAX_RECORDS", 1000, "Records checked per test delivery (coordinator).", int),
    Setting("TEST_FEED_RETENTION_DAYS", 7.0, "Days a test delivery is kept (coordinator).", float),
    Setting("TEST_FEED_MAX_BYTES", 50 * 2**20, "Largest test file in bytes.", int),
    Setting("TEST_FEED_TIME_BUDGET", 120.0, "Seconds a test endpoint is walked.", float),
    Setting("TEST_FEED_PURGE_INTERVAL", 3600.0, "Seconds between purges of expired tests.", float),
    Setting("REPROCESS_CHUNK_SIZE", 500, "Records per reprocessing chunk (one task, one transaction).", int),
    Setting("BROKER_URL", None, "Celery broker (amqp://user:pass@host:5672//); unset = everything in process."),
    Setting("BROKER_QUEUE", "iphub", "Prefix of the Celery queues: <prefix>.harvest and <prefix>.reprocess."),
    Setting("WORKER_CONCURRENCY", 0, "Processes per `iphub worker`; 0 = one per CPU.", int),
)
# fmt: on

#: Each setting's default, by key: the one place a default is written (dataclasses read it).
DEFAULTS: dict[str, Any] = {s.key: s.default for s in SETTINGS}
_KINDS: dict[str, type] = {s.key: s.kind for s in SETTINGS}


def setting(key: str) -> Any:
    """A settings dataclass's field read from ``key``, defaulting to what SETTINGS declares."""
    return field(default=DEFAULTS[key], metadata={"setting": key})


def configured(cls: type[T], config: Mapping[str, Any], **others: Any) -> T:
    """``cls`` with each :func:`setting` field read from ``config``; ``others`` for the rest."""
    values = {
        f.name: read(config, f.metadata["setting"]) for f in fields(cls) if "setting" in f.metadata
    }
    return cls(**values, **others)


class FromConfig:
    """Base of a settings dataclass whose fields are all :func:`setting` or plain defaults:
    ``from_config`` reads it from the app config in one spelling for all of them."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Self:
        return configured(cls, config)


def read(config: Mapping[str, Any], key: str) -> Any:
    """``config[key]`` as the setting's type; unset, ``None`` or ``""`` means the default.

    Settings dataclasses (upload limits, monitoring thresholds, notify and harvest settings)
    read through here (:func:`setting`, :func:`configured`), so a default is never written a
    second time beside ``SETTINGS``.
    """
    value = config.get(key)
    if value is None or value == "":
        value = DEFAULTS[key]
    return value if value is None else _KINDS[key](value)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(setting: Setting, raw: str) -> Any:
    if setting.kind is bool:
        lowered = raw.strip().lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ConfigError(f"IPHUB_{setting.key}={raw!r}: expected true or false.")
    try:
        return setting.kind(raw)
    except ValueError:
        kind = setting.kind.__name__
        raise ConfigError(f"IPHUB_{setting.key}={raw!r}: expected a {kind}.") from None


def defaults(instance_path: str) -> dict[str, Any]:
    """Default settings; the SQLite file lives in the instance folder like Flask's tutorial."""
    values = dict(DEFAULTS)
    values["DATABASE_URL"] = "sqlite:///" + os.path.join(instance_path, "iphub.sqlite")
    values["DOCUMENT_STORE"] = os.path.join(instance_path, "documents")
    return values


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``IPHUB_<KEY>`` variables, converted to each setting's type."""
    environ = os.environ if environ is None else environ
    found = {}
    for setting in SETTINGS:
        raw = environ.get(f"IPHUB_{setting.key}")
        if raw is not None:
            found[setting.key] = _convert(setting, raw)
    return found


def check(config: Mapping[str, Any]) -> None:
    """Refuse settings that would fail later with an obscure error."""
    try:
        url = make_url(config["DATABASE_URL"])
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL {config['DATABASE_URL']!r} is not a database URL; use e.g. "
            "sqlite:///instance/iphub.sqlite or postgresql+psycopg://user@host/db"
        ) from None
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"DATABASE_URL: {url.get_backend_name()} is not supported; use sqlite or postgresql."
        )
    xsd_dir = config.get("ST96_XSD_DIR")
    if xsd_dir and not (Path(xsd_dir) / "Common_V6_0.xsd").is_file():
        raise ConfigError(
            f"ST96_XSD_DIR={xsd_dir!r} does not hold the ST.96 V6_0 schemas "
            "(Common_V6_0.xsd missing); fix the path or run `iphub xsd fetch`."
        )
    if config.get("OAI_PAGE_SIZE", 1) < 1:
        raise ConfigError("OAI_PAGE_SIZE must be at least 1.")


def secret_key(instance_path: str) -> str:
    """A per-instance secret kept in the instance folder, so a single node works out of the box.

    Several replicas must share one secret: set IPHUB_SECRET_KEY on all of them.
    """
    path = Path(instance_path) / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
