"""The test feed (issue 18): an office tries a test endpoint or a test file before it feeds the
hub for real. The same client, upload reader and mapping pipeline run; the results are kept in
their own tables (:mod:`store.testfeed.models`) and nothing is published.

* :mod:`store.testfeed.limits` — the coordinator's limits (records per delivery, retention);
* :mod:`harvester.testfeed.sources` — the records of a test file or a test endpoint, bounded;
* :mod:`harvester.testfeed.run` — one test delivery: map, validate, check, store;
* :mod:`store.testfeed.report` — what a delivery found, as plain data for pages, API, CLI;
* :mod:`store.testfeed.purge` — expired deliveries removed.
"""
