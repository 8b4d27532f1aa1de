"""Fill the store fast with realistic published records, for benchmarks and demonstrations.

Records are rendered from the schema-valid templates in :mod:`simulator.demo.templates` with
numbers, names and dates drawn from a seeded random generator (same arguments, same records),
spread over offices and IP types, about 2 % deleted and 1 % flagged invalid. Rows are written in
batches: PostgreSQL through ``COPY ... FROM STDIN`` (a million records in a few minutes),
SQLite through one executemany per batch.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

from sqlalchemy import func, insert, select, text

from node.offices import name_of, names
from simulator.demo import templates
from simulator.words import load
from store.database import Database
from store.models import Office, PublishedRecord

_WORDS = load("seed")
IP_WEIGHTS = (("trademarks", 60), ("patents", 25), ("designs", 15))
_KIND = {"trademarks": "M", "patents": "P", "designs": "D"}
_DC_TYPE = {"trademarks": "Trademark", "patents": "Patent", "designs": "Industrial design"}
_GOODS: tuple[tuple[int, str], ...] = tuple((g["class"], g["terms"]) for g in _WORDS["goods"])
_PRODUCTS: tuple[tuple[str, str], ...] = _WORDS["products"]
_IPC: tuple[tuple[str, str, str, str], ...] = _WORDS["ipc"]


DC_TEMPLATE = (
    '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ '
    'http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
    "<dc:title>{title}</dc:title><dc:creator>{company}</dc:creator>"
    "<dc:publisher>{office_name}</dc:publisher><dc:date>{filed}</dc:date>"
    "<dc:type>{dc_type}</dc:type><dc:identifier>{number}</dc:identifier>"
    "<dc:language>en</dc:language><dc:coverage>{office}</dc:coverage></oai_dc:dc>"
)


def render(ip_type: str, office: str, serial: int, rng: random.Random) -> tuple[bytes, bytes, str]:
    """(st96, oai_dc, application number) of one made-up record."""
    year = rng.randint(2005, 2025)
    filed = datetime(year, rng.randint(1, 12), rng.randint(1, 28))
    number = f"{office}-{_KIND[ip_type]}-{year}-{serial:07d}"
    values = {
        "office": office,
        "number": number,
        "regnumber": f"{office}{serial:08d}",
        "filed": filed.date().isoformat(),
        "published": (filed + timedelta(days=rng.randint(60, 200))).date().isoformat(),
        "granted": (filed + timedelta(days=rng.randint(200, 700))).date().isoformat(),
        "company": escape(rng.choice(_WORDS["companies"])),
        "street": rng.choice(_WORDS["streets"]),
        "city": rng.choice(_WORDS["cities"]),
        "agent": rng.choice(_WORDS["people"]),
    }
    title = _fill(ip_type, values, rng)
    st96 = _TEMPLATES[ip_type].format(**values).encode()
    dc = DC_TEMPLATE.format(
        title=title,
        company=values["company"],
        office_name=escape(names().get(office, office)),
        filed=values["filed"],
        dc_type=_DC_TYPE[ip_type],
        number=number,
        office=office,
    ).encode()
    return st96, dc, number


def _fill(ip_type: str, values: dict, rng: random.Random) -> str:
    """Add the IP-type specific values; returns the record's title."""
    if ip_type == "trademarks":
        values["mark"] = f"{rng.choice(_WORDS['words'])} {rng.choice(_WORDS['words'])}"
        classes = rng.sample(_GOODS, rng.randint(1, 4))
        values["goods_services"] = "".join(
            templates._GOODS.format(nice=f"{n:02d}", goods=g) for n, g in sorted(classes)
        )
        return values["mark"]
    if ip_type == "designs":
        product, locarno = rng.choice(_PRODUCTS)
        count = rng.randint(3, 7)
        values.update(product=product, product_lower=product.lower(), locarno=locarno, views=count)
        values["expires"] = f"{int(values['granted'][:4]) + 15}{values['granted'][4:]}"
        values["view_list"] = "".join(
            templates._VIEW.format(number=values["number"], i=i, view=_WORDS["views"][i - 1])
            for i in range(1, count + 1)
        )
        return product
    section, klass, subclass, group = rng.choice(_IPC)
    values.update(
        ipc_section=section,
        ipc_class=klass,
        ipc_subclass=subclass,
        ipc_group=group,
        title=rng.choice(_WORDS["titles"]),
    )
    return values["title"]


_TEMPLATES = {
    "trademarks": templates.TRADEMARK,
    "designs": templates.DESIGN,
    "patents": templates.PATENT,
}

COLUMNS = (
    "oai_identifier",
    "office_code",
    "ip_type",
    "set_spec",
    "datestamp",
    "st96",
    "dc",
    "validation_status",
    "validation_errors",
    "application_number",
    "deleted",
)


_NUMBER, _SERIAL = b"\x00N\x00", b"\x00S\x00"
_MARKERS = re.compile(b"(\x00[NS]\x00)")
POOL_SIZE = 256
"""Pre-rendered variants per (office, ip_type): rendering from scratch costs ~100 µs a record,
joining a number into a pre-split variant a few µs, which keeps a million-record seed in
minutes."""


class _Pool:
    """Rendered records split around their number and serial markers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.variants: dict[tuple[str, str], list[tuple[list[bytes], list[bytes], str]]] = {}

    def render(self, ip_type: str, office: str, serial: int) -> tuple[bytes, bytes, str]:
        variants = self.variants.get((office, ip_type))
        if variants is None:
            variants = [self._variant(ip_type, office) for _ in range(POOL_SIZE)]
            self.variants[office, ip_type] = variants
        st96, dc, year = variants[serial % POOL_SIZE]
        number = f"{office}-{_KIND[ip_type]}-{year}-{serial:07d}"
        values = {_NUMBER: number.encode(), _SERIAL: f"{office}{serial:08d}".encode()}
        return _join(st96, values), _join(dc, values), number

    def _variant(self, ip_type: str, office: str) -> tuple[list[bytes], list[bytes], str]:
        st96, dc, number = render(ip_type, office, 0, self.rng)
        marked = st96.replace(number.encode(), _NUMBER)
        marked = marked.replace(f"{office}{0:08d}".encode(), _SERIAL)
        dc_marked = dc.replace(number.encode(), _NUMBER)
        return _MARKERS.split(marked), _MARKERS.split(dc_marked), number.split("-")[2]


def _join(segments: list[bytes], values: dict[bytes, bytes]) -> bytes:
    return b"".join(values.get(part, part) if i % 2 else part for i, part in enumerate(segments))


def generate(
    count: int,
    offices: list[str],
    repository_identifier: str,
    *,
    start_serial: int = 1,
    seed: int = 96,
    end: datetime | None = None,
) -> Iterator[tuple]:
    """Rows in COLUMNS order, datestamps ascending over two years, seven records per second
    stamp (harvest batches share datestamps, which exercises keyset ties)."""
    rng = random.Random(seed + start_serial)
    pool = _Pool(rng)
    end = end or datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(hours=1)
    step = max(1, int(2 * 365 * 86400 / max(1, count // 7)))
    first = end - timedelta(seconds=step * (count // 7))
    types, weights = zip(*IP_WEIGHTS, strict=True)
    kinds = rng.choices(types, weights, k=count)
    for i in range(count):
        serial = start_serial + i
        office = offices[i % len(offices)]
        ip_type = kinds[i]
        roll = rng.random()
        deleted = roll < 0.02
        st96, dc, number = pool.render(ip_type, office, serial)
        yield (
            f"oai:{repository_identifier}:{office}/{ip_type}/{number}",
            office,
            ip_type,
            f"{office}:{ip_type}",
            first + timedelta(seconds=step * (i // 7)),
            None if deleted else st96,
            None if deleted else dc,
            "invalid" if 0.02 <= roll < 0.03 else "valid",
            "[]",
            number,
            deleted,
        )


def ensure_offices(db: Database, offices: list[str]) -> None:
    with db.session() as session:
        known = set(session.execute(select(Office.code)).scalars())
        for code in offices:
            if code not in known:
                session.add(Office(code=code, name=name_of(code)))


def seed(
    db: Database,
    count: int,
    offices: list[str],
    repository_identifier: str,
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``count`` records; returns how many were written."""
    ensure_offices(db, offices)
    with db.session() as session:
        start = (session.execute(select(func.max(PublishedRecord.id))).scalar() or 0) + 1
    rows = generate(count, offices, repository_identifier, start_serial=start)
    writer = _copy_batches if not db.is_sqlite else _insert_batches
    written = writer(db, rows, batch, progress)
    if not db.is_sqlite:
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE published_records"))
    return written


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert_batches(db, rows, size, progress) -> int:
    table = PublishedRecord.__table__
    written = 0
    for chunk in _batches(rows, size):
        with db.engine.begin() as connection:
            connection.execute(insert(table), [_as_dict(r) for r in chunk])
        written += len(chunk)
        if progress:
            progress(len(chunk))
    return written


def _as_dict(row: tuple) -> dict:
    values = dict(zip(COLUMNS, row, strict=True))
    values["validation_errors"] = []
    return values


def _copy_batches(db, rows, size, progress) -> int:
    """COPY in binary-safe text mode through psycopg; one transaction per batch."""
    statement = f"COPY published_records ({', '.join(COLUMNS)}) FROM STDIN"
    written = 0
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        for chunk in _batches(rows, size):
            with connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in chunk:
                    copy.write_row(row)
            connection.commit()
            written += len(chunk)
            if progress:
                progress(len(chunk))
    finally:
        raw.close()
    return written
