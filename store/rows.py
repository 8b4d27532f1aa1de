"""Rows as plain objects, for the page writer that writes many of them with Core.

An ORM object's attributes are instrumented: each read or write of one costs about a
microsecond of bookkeeping (history, events, the identity map), and creating one sets up its
instance state. The ingest sets a dozen columns of every published record, reads them back to
insert or update a page in bulk, and never needs the session to track them.

The plain rows are made from the tables (:func:`plain_row`): a column added to a model is a
field of its row at once; no list of columns is kept by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, field, make_dataclass
from typing import Any

from sqlalchemy import Table

from store.models import PublishedRecord, SourceRecord
from store.quality_models import QualityFinding


def _initial(column) -> Any:
    """A new row's value before the caller sets it: the column's scalar default, a fresh empty
    list or dict for a ``list``/``dict`` default, else None (a computed default such as
    ``utcnow`` is the writer's to fill, as it was for the ORM)."""
    default = column.default
    if default is None:
        return field(default=None)
    if default.is_scalar:
        return field(default=default.arg)
    factory = getattr(default.arg, "__wrapped__", default.arg)
    if factory in (list, dict):
        return field(default_factory=factory)
    return field(default=None)


def initial_values(table: Table) -> dict[str, Any]:
    """Every column but ``id`` with its initial value (:func:`_initial`): a new row to INSERT."""
    values = {}
    for column in table.columns:
        if column.key != "id":
            initial = _initial(column)
            fresh = initial.default_factory
            values[column.key] = initial.default if fresh is MISSING else fresh()
    return values


def _values(self, names: Iterable[str]) -> dict[str, Any]:
    """The columns ``names`` as a dict, for a bulk INSERT or ``executemany`` UPDATE."""
    return {name: getattr(self, name) for name in names}


def plain_row(name: str, table: Table, doc: str, **extra: Any) -> type:
    """A slots dataclass with one field per column of ``table`` (keyword construction; each
    with its :func:`_initial` value) and the ``extra`` fields the writer keeps beside them."""
    fields = [(column.key, Any, _initial(column)) for column in table.columns]
    fields += [(key, type(value), field(default=value, repr=False)) for key, value in extra.items()]
    return make_dataclass(name, fields, slots=True, eq=False, kw_only=True,
                          namespace={"__doc__": doc, "values": _values})  # fmt: skip


#: The columns of ``published_records`` (``id`` first), as the store names them.
PUBLISHED_COLUMNS: tuple[str, ...] = tuple(c.key for c in PublishedRecord.__table__.columns)
#: The columns of ``source_records``, as the store names them.
SOURCE_COLUMNS: tuple[str, ...] = tuple(c.key for c in SourceRecord.__table__.columns)

PublishedRow = plain_row(
    "PublishedRow",
    PublishedRecord.__table__,
    """A ``published_records`` row; ``stored`` says whether it came from the store (written by
    UPDATE) or is new (written by INSERT).""",
    stored=False,
)

FindingRow = plain_row(
    "FindingRow",
    QualityFinding.__table__,
    """A ``quality_findings`` row as the page works on it (read and written with Core);
    ``dirty`` marks a known row the page changed.""",
    dirty=False,
)
