"""Pushed feedback (issue 18): subscriptions, the outbox, signed webhook posts with retries and
backoff, e-mail digests. See docs/monitoring.md.

* :mod:`store.outbox` — events become delivery rows;
* :mod:`node.notify.sender` — sending due rows (webhooks, e-mail digests), backoff;
* :mod:`node.notify.signing` — HMAC-SHA256 signature, and :func:`~node.notify.signing.verify`
  for receivers;
* :mod:`store.urls` — which URLs may receive posts;
* :mod:`node.notify.subscriptions`, :mod:`node.notify.views`, :mod:`node.notify.cli`.
"""
