"""Who is looking at an office's data in APIs and pages: its own staff, or a coordinator.

Pages use the portal's session login (``node.auth.session``); the JSON API also accepts the
access layer's HTTP credentials (Basic ``email:password`` or a Bearer token), so an office can
script its exports. Third-party harvest clients are not viewers: quality data is between the
offices and the coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from flask import abort

from node.access.principals import from_request
from node.auth.session import current_user


class OfficeRow(Protocol):
    office_code: str


R = TypeVar("R", bound=OfficeRow)


@dataclass(frozen=True)
class Viewer:
    """The fields quality views need about the caller."""

    name: str
    role: str  # "office" | "coordinator"
    office_code: str | None

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    def may_see(self, office_code: str) -> bool:
        return self.is_coordinator or self.office_code == office_code.upper()

    def visible(self, row: R | None) -> R:
        """``row`` when the viewer may see its office; 404 when it is absent or another
        office's alike, so an id does not tell what another office holds."""
        if row is None or not self.may_see(row.office_code):
            abort(404)
        return row


def from_session() -> Viewer | None:
    """The portal/console user of this request, if logged in."""
    user = current_user()
    if user is None:
        return None
    return Viewer(user.email, user.role, user.office_code)


def from_credentials() -> tuple[Viewer | None, bool]:
    """(viewer, credentials_present) from the Authorization header (API callers)."""
    principal, present = from_request()
    if principal is None or principal.kind not in ("office", "coordinator"):
        return None, present
    return Viewer(principal.name, principal.kind, principal.office_code), True


def api_viewer() -> Viewer:
    """The API caller, or 401 (no or bad credentials) / 403 (a harvest client)."""
    viewer, present = from_credentials()
    if viewer is None and not present:
        viewer = from_session()
    if viewer is None:
        abort(401)
    return viewer


def authorised_office(viewer: Viewer, requested: str | None) -> str | None:
    """The office a request may read: its own for office staff, any (or all) for coordinators."""
    if viewer.is_coordinator:
        return requested.upper() if requested else None
    if requested and requested.upper() != viewer.office_code:
        abort(403)
    if viewer.office_code is None:
        abort(403)
    return viewer.office_code
