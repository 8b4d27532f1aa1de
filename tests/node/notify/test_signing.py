"""The webhook signature: what a receiver checks."""

from __future__ import annotations

from node.notify import signing

SECRET = "whsec_test"
BODY = b'{"event":"run.finished"}'


def test_signed_post_verifies():
    headers = signing.headers(SECRET, BODY, "run.finished", 7, now=1_800_000_000)
    assert headers[signing.DELIVERY] == "7"
    assert signing.verify(SECRET, BODY, headers[signing.TIMESTAMP], headers[signing.SIGNATURE],
                          now=1_800_000_010)  # fmt: skip


def test_tampered_body_wrong_secret_and_replay_are_refused():
    headers = signing.headers(SECRET, BODY, "run.finished", 7, now=1_800_000_000)
    stamp, signature = headers[signing.TIMESTAMP], headers[signing.SIGNATURE]
    assert not signing.verify(SECRET, BODY + b" ", stamp, signature, now=1_800_000_000)
    assert not signing.verify("whsec_other", BODY, stamp, signature, now=1_800_000_000)
    assert not signing.verify(SECRET, BODY, stamp, signature, now=1_800_000_000 + 301)
    assert not signing.verify(SECRET, BODY, None, signature)
    assert not signing.verify(SECRET, BODY, "yesterday", signature)


def test_signature_covers_the_timestamp():
    a = signing.sign(SECRET, 1, BODY)
    assert a.startswith("sha256=") and a != signing.sign(SECRET, 2, BODY)
