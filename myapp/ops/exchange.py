"""Move a site between databases: every table as JSON lines, one table as CSV.

Rows keep their ids, so relations survive the move unchanged. Users keep their
password hashes and API tokens their hashes: accounts work on the new server
without a reset. Derived data is not exported but rebuilt after an import:
related articles (from tags), the listings' search index and category counts;
the articles' search index follows the rows (SQLite triggers, MySQL FULLTEXT).
"""

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO

from alembic.migration import MigrationContext
from sqlalchemy import Date, DateTime, Table, delete, func, insert, select

from myapp import models  # noqa: F401 - every table in the metadata
from myapp.articles import related
from myapp.directory.catalogue import categories
from myapp.directory.listings import search
from myapp.extensions import db
from myapp.media import backup as media_backup
from myapp.spreadsheet import SafeWriter

FORMAT = "linchpin-export"
VERSION = 1
# rebuilt after an import: related lists from tags, the words from listings
DERIVED = {"related_articles", "listing_words"}
SEEDED = {"plans"}  # filled by a migration; the export's rows replace them
BATCH = 500


class ExchangeError(Exception):
    """An export or import that cannot be done; the message says why."""


def tables(only: Iterable[str] | None = None) -> list[Table]:
    """The exported tables in an order that inserts parents before children."""
    exported = [t for t in db.metadata.sorted_tables if t.name not in DERIVED]
    if not only:
        return exported
    names = {t.name for t in exported}
    unknown = sorted(set(only) - names)
    if unknown:
        raise ExchangeError(f"No such table: {', '.join(unknown)}.")
    return [t for t in exported if t.name in set(only)]


def _revision() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _rows(table: Table) -> Iterator[dict]:
    """Rows in primary-key order (parents first within self-referencing tables)."""
    stmt = select(table).order_by(*table.primary_key.columns)
    with db.engine.connect() as conn:
        for row in conn.execution_options(yield_per=BATCH).execute(stmt):
            yield dict(row._mapping)


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def export_jsonl(out: IO[str], only: Iterable[str] | None = None) -> dict[str, int]:
    """Write a header line, then one line per row; return the rows per table."""
    chosen = tables(only)
    header = {"format": FORMAT, "version": VERSION, "revision": _revision()}
    out.write(json.dumps(header) + "\n")
    counts = {}
    for table in chosen:
        counts[table.name] = 0
        for row in _rows(table):
            record = {
                "table": table.name,
                "row": {k: _plain(v) for k, v in row.items()},
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts[table.name] += 1
    if "media_files" in counts:  # the files the rows name travel with them
        counts["media files"] = 0
        for line in media_backup.export_lines():
            out.write(line)
            counts["media files"] += 1
    return counts


def export_csv(out: IO[str], table_name: str) -> int:
    """Write one table as CSV with a header row; return the number of rows."""
    (table,) = tables([table_name])
    writer = SafeWriter(out)
    writer.writerow(table.columns.keys())
    count = 0
    for row in _rows(table):
        writer.writerow("" if v is None else _plain(v) for v in row.values())
        count += 1
    return count


def _typed(table: Table, row: dict) -> dict:
    """Turn the ISO strings of date and datetime columns back into values."""
    values = {}
    for key, value in row.items():
        column = table.columns.get(key)
        if column is None:
            raise ExchangeError(f"{table.name} has no column {key!r}.")
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        values[key] = value
    return values


def _read(lines: Iterable[str], revision: str | None) -> Iterator[tuple[str, dict]]:
    lines = iter(lines)
    header = json.loads(next(lines, "null") or "null")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExchangeError("Not a Linchpin export (no header line).")
    if header.get("revision") != revision:
        raise ExchangeError(
            f"The export is at migration {header.get('revision')}, this database "
            f"at {revision}: run flask db upgrade on the older side first."
        )
    for line in lines:
        if line.strip():
            record = json.loads(line)
            if "media" in record:
                media_backup.import_record(record)
                continue
            yield record["table"], record["row"]


def _ensure_empty(conn, chosen: list[Table]) -> None:
    filled = [
        t.name
        for t in chosen
        if t.name not in SEEDED and conn.scalar(select(func.count()).select_from(t)) > 0
    ]
    if filled:
        names = ", ".join(filled)
        raise ExchangeError(f"Import needs empty tables; {names} hold rows.")


def import_jsonl(lines: Iterable[str]) -> dict[str, int]:
    """Insert every exported row with its id, then rebuild what is derived."""
    by_name = {t.name: t for t in tables()}
    mysql = db.engine.dialect.name == "mysql"
    revision = _revision()
    with db.engine.connect() as conn:
        try:
            if mysql:  # a child may point at a later row (a moved category)
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
            else:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            _ensure_empty(conn, list(by_name.values()))
            for name in SEEDED:
                conn.execute(delete(by_name[name]))
            counts = _insert_all(conn, by_name, _read(lines, revision))
            conn.commit()
            _reset_sequences(conn, by_name.values())
        finally:
            conn.rollback()
            if mysql:
                conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 1")
    rebuild_derived()
    return counts


def _insert_all(conn, by_name: dict[str, Table], records) -> dict[str, int]:
    counts: dict[str, int] = {}
    batch: list[dict] = []
    current = None
    for name, row in records:
        if name not in by_name:
            raise ExchangeError(f"No such table: {name}.")
        if by_name[name] is not current or len(batch) >= BATCH:
            _flush(conn, current, batch)
            batch, current = [], by_name[name]
        batch.append(_typed(current, row))
        counts[name] = counts.get(name, 0) + 1
    _flush(conn, current, batch)
    return counts


def _flush(conn, table: Table | None, batch: list[dict]) -> None:
    if table is not None and batch:
        conn.execute(insert(table), batch)


def _reset_sequences(conn, chosen: Iterable[Table]) -> None:
    """On MySQL, start each table's AUTO_INCREMENT after its highest imported id."""
    if db.engine.dialect.name != "mysql":
        return  # SQLite takes max(rowid) + 1 by itself
    for table in chosen:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement:
            continue
        highest = conn.scalar(select(func.max(keys[0]))) or 0
        conn.exec_driver_sql(
            f"ALTER TABLE {table.name} AUTO_INCREMENT = {int(highest) + 1}"
        )


def rebuild_derived() -> None:
    """Related articles, the listings' search index and category counts."""
    related.rebuild_all()
    search.rebuild_index()  # commits the related lists too
    categories.recount()
