"""E-mail digests: the alternative to webhooks for offices without a receiver.

All deliveries due for one address go out as one message (a digest), sent through the SMTP
server of ``SMTP_*`` settings. The text is the same summary the webhook carries, written out.
"""

from __future__ import annotations

import json
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from store.config import FromConfig, setting


@dataclass(frozen=True)
class SmtpSettings(FromConfig):
    host: str | None = setting("SMTP_HOST")
    port: int = setting("SMTP_PORT")
    user: str | None = setting("SMTP_USER")
    password: str | None = setting("SMTP_PASSWORD")
    sender: str = setting("SMTP_FROM")
    starttls: bool = setting("SMTP_STARTTLS")
    timeout: float = setting("NOTIFY_TIMEOUT")


def _describe(payload: Mapping[str, Any]) -> list[str]:
    """A few readable lines for one event of the digest."""
    lines = [f"* {payload['event']} — office {payload['office']} ({payload['created_at']})"]
    run = payload.get("run")
    if run:
        counts = ", ".join(f"{k} {v}" for k, v in run["records"].items())
        lines.append(f"  run {run['id']} ({run['kind']}): {run['status']}; {counts}")
        if run.get("last_error"):
            lines.append(f"  last error: {run['last_error']}")
    alert = payload.get("alert")
    if alert:
        lines.append(f"  {alert['kind']} alert ({alert['ip_type']}), {alert['state']}: "
                     f"{alert['message']}")  # fmt: skip
    gate = payload.get("gate")
    if gate:  # a gating decision (store.gating.decide)
        why = "; ".join(f"{b['what']} {b['value']:.1%} > {b['limit']:.1%}"
                        for b in gate["breaches"])  # fmt: skip
        lines.append(f"  {gate['ip_type']} delivery of run {gate['run']}: {gate['state']}"
                     + (f" ({why})" if why else ""))  # fmt: skip
    for name, url in (payload.get("links") or {}).items():
        lines.append(f"  {name}: {url}")
    return lines


def digest(to: str, bodies: Sequence[bytes], sender: str) -> EmailMessage:
    """One message for several events; the JSON bodies attached for machines."""
    payloads = [json.loads(b) for b in bodies]
    offices = sorted({p["office"] for p in payloads})
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"iphub feedback for {', '.join(offices)}: {len(payloads)} event(s)"
    text = ["The iphub data hub reports:", ""]
    for payload in payloads:
        text.extend(_describe(payload))
    message.set_content("\n".join(text) + "\n")
    message.add_attachment(
        json.dumps(payloads, indent=2).encode(),
        maintype="application",
        subtype="json",
        filename="iphub-events.json",
    )
    return message


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send through the configured server; raises ``OSError``/``smtplib.SMTPException``."""
    if not settings.host:
        raise smtplib.SMTPException("no SMTP server configured (IPHUB_SMTP_HOST)")
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)
