"""Count views and clicks with one atomic upsert, never read-modify-write."""

import logging
import re

from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from myapp.database import utcnow
from myapp.extensions import db
from myapp.stats.models import DailyCount

log = logging.getLogger(__name__)

# Crawlers, monitors, previews and HTTP libraries: not readers.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|quora link"
    r"|pinterest|preview|monitor|uptime|pingdom|headless|phantomjs|lighthouse"
    r"|curl|wget|python-requests|python-urllib|httpx|aiohttp|go-http-client"
    r"|java/|okhttp|libwww|scrapy|feedfetcher|validator|wrk|apachebench",
    re.IGNORECASE,
)


def is_countable(method: str, user_agent: str | None) -> bool:
    """HEAD requests and bots are not counted; an empty user agent is a bot."""
    return method == "GET" and bool(user_agent) and not BOT_PATTERN.search(user_agent)


def upsert_statement(kind: str, object_id: int, amount: int = 1):
    day = utcnow().date()
    values = {"day": day, "kind": kind, "object_id": object_id, "count": amount}
    if db.engine.dialect.name == "mysql":
        stmt = mysql_insert(DailyCount).values(**values)
        return stmt.on_duplicate_key_update(
            count=DailyCount.count + stmt.inserted.count
        )
    stmt = sqlite_insert(DailyCount).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=["kind", "object_id", "day"],
        set_={"count": DailyCount.count + stmt.excluded.count},
    )


def count_view(kind: str, object_id: int) -> bool:
    """Count the current request as a reader's view of the object."""
    from flask import request

    return record_hit(kind, object_id, request)


def record_hit(kind: str, object_id: int, request=None) -> bool:
    """Add one to today's count; errors are logged, never shown to the reader.

    Pass the request to skip bots and HEAD requests. Runs in its own short
    transaction on a separate connection so a page's session is untouched.
    """
    if request is not None and not is_countable(
        request.method, request.headers.get("User-Agent")
    ):
        return False
    try:
        with db.engine.begin() as conn:
            conn.execute(upsert_statement(kind, object_id))
    except Exception:  # counting must never break the page
        log.exception("Could not count %s %s", kind, object_id)
        return False
    return True
