"""A gating decision in an e-mail digest reads as a sentence: which delivery, what was
decided, which threshold it breached with the figures."""

from __future__ import annotations

import json

from node.notify import mail


def test_digest_describes_a_held_delivery():
    payload = {
        "event": "gate.held", "office": "KH", "created_at": "2026-12-04T18:00:00Z",
        "gate": {"run": 7, "ip_type": "trademarks", "state": "held",
                 "breaches": [{"threshold": "critical_share", "value": 0.8, "limit": 0.2,
                               "what": "records with a critical or error finding"}]},
        "links": {"gating": "http://hub/portal/KH/gating"},
    }  # fmt: skip

    message = mail.digest("data@kh.example", [json.dumps(payload).encode()], "hub@x.example")

    text = message.get_body(("plain",)).get_content()
    assert "trademarks delivery of run 7: held" in text
    assert "records with a critical or error finding 80.0% > 20.0%" in text
    assert "gating: http://hub/portal/KH/gating" in text
