"""The gating JSON API: deliveries (with their figures, breaches and records in question)
for the office and the coordinators, and release/reject for whoever may decide."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from node.access.viewer import api_viewer, authorised_office
from node.params import bad_request
from node.storage import get_db
from store.gating import decide, queries
from store.gating.models import DECISIONS, GateDelivery

bp = Blueprint("gating_api", __name__, url_prefix="/api/v1/gating")


@bp.get("/deliveries")
def deliveries():
    office = authorised_office(api_viewer(), request.args.get("office"))
    state = request.args.get("state") or None
    if state is not None and state not in DECISIONS:
        abort(bad_request(f"state is one of {', '.join(DECISIONS)}"))
    with get_db().session() as session:
        found = queries.deliveries(session, office, state)
        return jsonify(deliveries=[queries.delivery_json(d) for d in found])


@bp.get("/deliveries/<int:delivery_id>")
def delivery(delivery_id: int):
    """One delivery; while held, its records in question too."""
    viewer = api_viewer()
    with get_db().session() as session:
        found = viewer.visible(session.get(GateDelivery, delivery_id))
        data = queries.delivery_json(found)
        if found.state == "held":
            data["records"] = [r.as_dict() for r in queries.records(session, found)]
            data["may_decide"] = queries.may_decide(session, found, viewer.role,
                                                    viewer.office_code)  # fmt: skip
        return jsonify(data)


@bp.post("/deliveries/<int:delivery_id>/<any(release, reject):action>")
def act(delivery_id: int, action: str):
    viewer = api_viewer()
    with get_db().session() as session:
        queries.decidable(session, delivery_id, viewer.role, viewer.office_code)
        try:
            done = decide.decide(session, delivery_id, action, viewer.name)
        except decide.NotHeld:
            abort(409)
        return jsonify(queries.delivery_json(done))
