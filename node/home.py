"""The landing page and the health probe for load balancers."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from node.storage import get_db

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html")


@bp.get("/healthz")
def healthz():
    """Ready when the store answers; a load balancer takes the replica out otherwise."""
    with get_db().engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return jsonify(status="ok")
