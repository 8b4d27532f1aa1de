"""Delivery gating in the store (issue 18): a gated delivery's versions held beside the served
ones (:mod:`.hold`), judged against the coordinator's thresholds at the run's end (:mod:`.judge`,
:mod:`.settings`), then released or rejected (:mod:`.decide`, :mod:`.promote`).

Here, below the harvester and the node, because both act on it: the run's end
(:mod:`store.run_end`) judges a delivery, the portal, console and API release or reject it.
"""
