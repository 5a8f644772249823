"""Keyset pagination with opaque, signed cursors, used by pages and the API."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_

from myapp.errors import AppError
from myapp.extensions import db


class InvalidCursor(AppError):
    status, title, kind = 400, "Invalid cursor", "invalid-cursor"


@dataclass
class Page:
    items: list
    next_cursor: str | None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="cursor")


def encode_cursor(values: list[Any]) -> str:
    wire = [{"dt": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return _serializer().dumps(wire)


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        wire = _serializer().loads(cursor)
    except BadSignature as exc:
        raise InvalidCursor("The cursor is not valid; start again without it.") from exc
    if not isinstance(wire, list) or len(wire) != size:
        raise InvalidCursor("The cursor is not valid; start again without it.")
    try:
        return [
            datetime.fromisoformat(v["dt"]) if isinstance(v, dict) else v for v in wire
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidCursor("The cursor is not valid; start again without it.") from exc


def keyset_page(
    stmt, columns, cursor: str | None, limit: int, descending=True, load=None
) -> Page:
    """Run `stmt` ordered by `columns` (the last one unique), after the cursor.

    Each column is compared as a tuple, so equal sort values never lose or
    repeat a row and new rows inserted ahead of the cursor do not shift pages.

    With `load` (an entity query), `stmt` selects only `columns` (the last
    one the entity's id), and `load` reads the page's rows, in one statement.
    The page is found and sorted on those few columns alone, in an index that
    holds every filtered column, with no read of a row that does not match;
    a column need not be the entity's (a search's score).
    """
    if cursor:
        after = decode_cursor(cursor, len(columns))
        stmt = stmt.where(_after(columns, after, descending))
    stmt = stmt.order_by(*_order(columns, descending)).limit(limit + 1)
    if load is None:
        rows = list(db.session.scalars(stmt).unique())
        keys = [[getattr(row, c.key) for c in columns] for row in rows]
    else:
        page = stmt.subquery("page")
        keyed = [page.c[c.key] for c in columns]
        stmt = load.join(page, keyed[-1] == columns[-1]).add_columns(*keyed)
        found = db.session.execute(stmt.order_by(*_order(keyed, descending)))
        found = found.unique().all()
        rows, keys = [r[0] for r in found], [list(r[1:]) for r in found]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(keys[limit - 1])
    return Page(rows, next_cursor)


def _order(columns, descending):
    return [c.desc() if descending else c.asc() for c in columns]


def _after(columns, values, descending):
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)
