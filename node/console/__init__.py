"""The coordinator console: offices, endpoints, sets, third parties, users, grants, harvests."""

from node.console.views import bp

__all__ = ["bp"]
