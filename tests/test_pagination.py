"""Keyset pagination: stable while rows are added, tamper-evident cursors."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from myapp.auth.models import ApiToken
from myapp.database import utcnow
from myapp.extensions import db
from myapp.pagination import InvalidCursor, keyset_page

COLUMNS = [ApiToken.created_at, ApiToken.id]


def add_tokens(user, count, created_at, label):
    rows = [
        ApiToken(
            user=user,
            name=f"{label}-{i}",
            prefix="lp_test",
            token_hash=f"{label}-{i}".ljust(64, "x"),
            created_at=created_at,
        )
        for i in range(count)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return {row.id for row in rows}


def test_paging_250_items_while_new_ones_arrive_loses_and_repeats_none(member):
    start = utcnow() - timedelta(days=1)
    originals = set()
    for group in range(25):  # ten rows share each timestamp: ties broken by id
        originals |= add_tokens(
            member, 10, start + timedelta(minutes=group), f"o{group}"
        )
    seen, cursor, pages = [], None, 0
    while True:
        page = keyset_page(select(ApiToken), COLUMNS, cursor, limit=20)
        seen += [token.id for token in page.items]
        pages += 1
        add_tokens(member, 3, utcnow(), f"new{pages}")  # newer: ahead of the cursor
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)), "an item was repeated"
    assert set(seen) == originals, "an item was lost or a newcomer slipped in"
    assert pages == 13


def test_a_tampered_cursor_is_refused(member):
    add_tokens(member, 3, utcnow(), "t")
    cursor = keyset_page(select(ApiToken), COLUMNS, None, limit=1).next_cursor
    with pytest.raises(InvalidCursor):
        keyset_page(select(ApiToken), COLUMNS, cursor[:-2] + "xx", limit=1)
