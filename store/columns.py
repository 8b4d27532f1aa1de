"""The column declarations that most tables share, as annotated types.

Every model module declared the same surrogate key, office code, IP type, "created now"
timestamp and cascading foreign keys to offices, runs and published records, each time in
full; one spelling here keeps them alike (an office code is ``String(8)`` everywhere) and lets
a table say what a column *is* (``office_code: Mapped[OfficeCode]``). SQLAlchemy copies the
``mapped_column`` of an ``Annotated`` type into each table that uses it, and merges it with a
``mapped_column(...)`` on the right of the annotation (``primary_key=True``, ``index=True``),
so the schema is exactly the one written out in full.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import mapped_column

from store.base import utcnow

#: The surrogate integer key of a table.
IntPK = Annotated[int, mapped_column(primary_key=True)]
#: An ST.3 office code (``KH``), copied onto rows so filters need no join.
OfficeCode = Annotated[str, mapped_column(String(8))]
#: ``patents`` | ``trademarks`` | ``designs``
IpType = Annotated[str, mapped_column(String(20))]
#: A naive UTC moment that defaults to the time the row is written.
DefaultNow = Annotated[datetime, mapped_column(DateTime, default=utcnow)]
#: The office a row belongs to; deleting the office deletes the row.
OfficeFK = Annotated[int, mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))]
#: The harvest run a row belongs to; deleting the run deletes the row.
RunFK = Annotated[int, mapped_column(ForeignKey("harvest_runs.id", ondelete="CASCADE"))]
#: The published record a row belongs to; deleting the record deletes the row.
PublishedRecordFK = Annotated[
    int, mapped_column(ForeignKey("published_records.id", ondelete="CASCADE"))
]
