"""``POST /oauth/token``: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4).

The client authenticates with its client id and secret, by HTTP Basic (``client_secret_basic``)
or in the form body (``client_secret_post``), and receives a short-lived bearer token for
``/oai``. Office staff and coordinators may do the same with email and password: their harvests
then cost one password check per token instead of one per request. Errors follow RFC 6749 §5.2
(JSON ``error`` codes, 400/401).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from node.access import audit, bearer_tokens, principals
from node.access.resolver import rate_limited
from node.storage import get_db

bp = Blueprint("oauth", __name__, url_prefix="/oauth")


def _error(code: str, status: int, description: str):
    response = jsonify(error=code, error_description=description)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = f'Basic realm="{principals.REALM}"'
    return response


def _client_credentials() -> tuple[str, str] | None:
    auth = principals.basic.get_auth()
    if auth is not None and auth.username:
        return auth.username, auth.password or ""
    client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
    if client_id and secret is not None:
        return client_id, secret
    return None


@bp.post("/token")
def token():
    """Issue a bearer token to a client whose grant is active (or to an active user)."""
    if request.form.get("grant_type") != "client_credentials":
        return _error("unsupported_grant_type", 400, "only grant_type=client_credentials")
    given = _client_credentials()
    if given is None:
        return _error("invalid_client", 401, "client authentication required")
    with get_db().session() as session:
        principal = principals.attempt(session, *given, "oauth")
    if principal is None:
        return _error("invalid_client", 401, "unknown client, wrong secret or revoked")
    limited = rate_limited(principal.rate_key)
    if limited is not None:
        return limited
    with get_db().session() as session:
        access_token = bearer_tokens.issue(
            principal.name, principals.credential_hash(session, principal)
        )
        actor = f"client:{principal.name}" if principal.kind == "client" else principal.name
        audit.record(
            session,
            actor,
            "oauth.token_issued",
            principal.office_code,
            third_party=principal.third_party,
        )
    response = jsonify(
        access_token=access_token, token_type="Bearer", expires_in=bearer_tokens.ttl()
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
