"""The OAI-PMH view resolver: what the caller of this request may harvest.

Installed by ``node.access.init_app`` as ``app.extensions[OAI_VIEW_RESOLVER]``; the
provider calls it on every request and serves only what the returned OaiView allows, or returns
the Response we give (401, 503 over the rate limit) as is.

Who gets what:

* a grant's client (HTTP Basic ``client_id:secret`` or a bearer token): that grant's one
  (office, ip type); ``originals`` only when the grant's level is "documents" — "Data only"
  means the ST.96 data the hub publishes, not the office's original payloads and documents;
* an office user (HTTP Basic ``email:password``) or the office API credential (HTTP Basic
  ``KH:upload-key``): every ip type of their own office, originals included — it is their data;
* a coordinator: everything (``grants=None``);
* no credentials: 401 when OAI_AUTH_REQUIRED (the default), else everything except originals.
  Wrong, revoked or expired credentials are 401 even on an open node.
"""

from __future__ import annotations

from flask import Request, Response, current_app, request

from node.access import principals, ratelimit
from node.access.principals import Principal
from node.oai.client_view import OaiView
from node.storage import get_db
from store.models import IP_TYPES


def unauthorized(error: str | None = None) -> Response:
    """401 with a challenge for both schemes we accept."""
    response = Response(
        "Authentication required: HTTP Basic client_id:secret or a bearer "
        "token from POST /oauth/token.\n",
        status=401,
        mimetype="text/plain",
    )
    bearer = f'Bearer realm="{principals.REALM}"'
    if error:
        bearer += f', error="{error}"'
    response.headers.add("WWW-Authenticate", f'Basic realm="{principals.REALM}"')
    response.headers.add("WWW-Authenticate", bearer)
    return response


def too_many_requests(retry_after: int, status: int = 429) -> Response:
    """429 for HTTP APIs; /oai passes 503, OAI-PMH's flow control (harvesters retry 503)."""
    response = Response(
        f"Rate limit exceeded; retry after {retry_after} s.\n", status=status, mimetype="text/plain"
    )
    response.headers["Retry-After"] = str(retry_after)
    return response


def oai_view_for(principal: Principal | None) -> OaiView:
    """The OaiView of an authenticated caller (None = anonymous on an open node)."""
    view = OaiView
    if principal is None:
        return view(client_id=None, grants=None, originals=False)
    if principal.kind == "coordinator":
        return view(client_id=principal.name, grants=None, originals=True)
    if principal.kind == "office":
        pairs = frozenset((principal.office_code, t) for t in IP_TYPES if principal.office_code)
        return view(client_id=principal.name, grants=pairs, originals=True)
    pairs = frozenset({(principal.office_code, principal.ip_type)})
    return view(client_id=principal.name, grants=pairs, originals=principal.level == "documents")


def rate_limited(key: str, status: int = 429) -> Response | None:
    """A 429 (or ``status``) Response when ``key`` exceeded RATE_LIMIT in the current window,
    else None."""
    limit = ratelimit.parse(current_app.config.get("RATE_LIMIT"))
    if limit is None:
        return None
    with get_db().session() as session:
        retry_after = ratelimit.hit(session, key, limit)
    return None if retry_after is None else too_many_requests(retry_after, status)


def resolve_oai_view(req: Request | None = None, *, over_limit: int = 503):
    """OaiView of the current request, or a 401/503 Response to return unchanged.

    Over the rate limit ``/oai`` answers 503 with Retry-After: OAI-PMH's flow control, which
    sickle and pyoai honour (a 429 ends their harvest); other callers pass ``over_limit=429``.
    """
    principal, presented = principals.from_request()
    if presented and principal is None:
        is_bearer = principals.scheme_of((req or request).headers.get("Authorization")) == "bearer"
        return unauthorized("invalid_token" if is_bearer else None)
    if principal is None and current_app.config.get("OAI_AUTH_REQUIRED", True):
        return unauthorized()
    key = principal.rate_key if principal else f"addr:{(req or request).remote_addr}"
    limited = rate_limited(key, over_limit)
    return limited if limited is not None else oai_view_for(principal)


def document_access(req: Request, office: str, ip_type: str) -> bool | Response:
    """The documents endpoint's check: the caller's view must allow that office's documents.

    Same credentials, 401 answers and rate limit as ``/oai`` (429 beyond it, not /oai's 503);
    False becomes a 403.
    """
    view = resolve_oai_view(req, over_limit=429)
    if isinstance(view, Response):
        return view
    return view.allows_documents(office, ip_type)


def authenticate_office(req: Request | None, code: str) -> bool:
    """For the harvester's upload API: HTTP Basic of office ``code``'s staff, of a coordinator,
    or ``CODE:upload-key`` (the office API credential)."""
    principal, _ = principals.from_request()
    if principal is None:
        return False
    if principal.kind == "coordinator":
        return True
    return principal.kind == "office" and principal.office_code == code.upper()
