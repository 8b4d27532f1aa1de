"""Structured data-quality feedback attached to the published XML (issue 8).

* :mod:`store.findings` — :func:`plan_page_findings`, called by the ingest per page
  (:func:`apply_findings` for one stored record, loaded by :func:`feedback_rows`;
  :func:`apply_document_findings` for the documents pass's ``DOC-*`` findings);
* :mod:`store.feedback` — the ``fb:Feedback`` document (``xsd/feedback.xsd``);
* :mod:`node.quality.api` — JSON API ``/api/v1/quality/...``;
* :mod:`node.quality.views` — dashboard, drill-down, discussions, coordinator view;
* :mod:`node.quality.oai` — the ``feedback`` metadata format;
* :mod:`node.quality.cli` — ``iphub rules``.
"""

from __future__ import annotations

from flask import Flask

from mappings.rules.guidance import guidance_for
from node.quality import api, oai, views
from store.findings import (
    FeedbackUpdate,
    apply_document_findings,
    apply_findings,
    feedback_rows,
    plan_page_findings,
)

__all__ = [
    "FeedbackUpdate",
    "apply_document_findings",
    "apply_findings",
    "feedback_rows",
    "init_app",
    "plan_page_findings",
]


def init_app(app: Flask) -> None:
    """Register the API and pages blueprints and the ``feedback`` metadata format."""
    for blueprint in (api.bp, views.bp):
        if blueprint.name not in app.blueprints:
            app.register_blueprint(blueprint)
    oai.register(app)
    app.jinja_env.globals["rule_guidance"] = guidance_for
