"""The office portal: each office decides which third parties may harvest which of its data."""

from node.portal.views import bp

__all__ = ["bp"]
