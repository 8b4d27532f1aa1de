"""Errors raised while turning a harvested source record into ST.96.

Every failure of :func:`mappings.pipeline.process_record` is a :class:`SourceError`, so the
harvester can catch one class, store the message next to the raw record and move on. The
subclasses say *why* the record could not be processed; the message says it for office staff.
"""

from __future__ import annotations


class SourceError(Exception):
    """A source record could not be processed. The message is meant for office staff."""


class UnsafeXMLError(SourceError):
    """The XML uses a feature refused for safety: a DOCTYPE (entities, external DTD), or it is
    too large or too deeply nested."""


class MalformedXMLError(SourceError):
    """The bytes are not well-formed XML."""


class UnsupportedFormatError(SourceError):
    """The metadata prefix or the root element is not one iphub can map."""


class MappingError(SourceError):
    """The record is XML of the right format, but too broken to map at all (for example no
    trademark element inside the transaction)."""
