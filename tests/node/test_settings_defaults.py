"""Settings dataclasses take their defaults from store.config.SETTINGS, the one place they are
written: built bare, or from an empty config, or from the app's defaults, they are the same."""

from __future__ import annotations

import pytest

from harvester.settings import HarvestSettings
from harvester.upload import UploadLimits
from node.monitoring.alerts import Thresholds
from node.notify.mail import SmtpSettings
from node.notify.sender import SendSettings
from store import config

CLASSES = [HarvestSettings, UploadLimits, Thresholds, SmtpSettings, SendSettings]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_defaults_come_from_settings(cls):
    assert cls() == cls.from_config({}) == cls.from_config(config.DEFAULTS)


@pytest.mark.parametrize(
    ("cls", "key", "attribute", "value"),
    [
        (Thresholds, "MONITOR_FAILED_RUNS", "failed_runs", 9),
        (UploadLimits, "UPLOAD_MAX_MEMBER_BYTES", "max_member_bytes", 5),
        (SmtpSettings, "SMTP_PORT", "port", 2525),
        (SendSettings, "NOTIFY_MAX_ATTEMPTS", "max_attempts", 2),
        (HarvestSettings, "HARVEST_TIMEOUT", "timeout", 5.0),
    ],
)
def test_a_configured_value_wins_converted_to_its_kind(cls, key, attribute, value):
    assert getattr(cls.from_config({key: str(value)}), attribute) == value


def test_an_empty_value_means_the_default():
    assert SmtpSettings.from_config({"SMTP_FROM": ""}).sender == config.DEFAULTS["SMTP_FROM"]
