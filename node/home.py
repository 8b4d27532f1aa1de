"""The landing page and the health probe for load balancers."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select

from node.storage import get_db
from store.models import Office

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html")


@bp.get("/healthz")
def healthz():
    """Ready when the store answers; otherwise 503 (:mod:`store.outage`), and a load
    balancer takes the replica out."""
    with get_db().session() as session:  # a table, not SELECT 1: an empty database is not ready
        session.execute(select(Office.id).limit(1))
    return jsonify(status="ok")
