"""Count views and clicks with atomic upserts, never read-modify-write.

A click is written as it happens (the listing's click total goes with it).
Page views are added up in memory and written every `STATS_FLUSH_SECONDS`, one
upsert per object and day: a busy article page then costs one write a second,
not one per reader, and readers never wait on the database's write lock. The
buffer is written at exit too; a process killed outright (kill -9) loses at
most the views of its last interval. With the setting at 0, every view is
written at once.
"""

import atexit
import functools
import logging
import re
import threading
import time
from collections import Counter

from flask import current_app, has_app_context
from flask import request as current_request
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


@functools.lru_cache(maxsize=4096)  # readers' browsers repeat; the pattern is long
def is_countable(method: str, user_agent: str | None) -> bool:
    """HEAD requests and bots are not counted; an empty user agent is a bot."""
    return method == "GET" and bool(user_agent) and not BOT_PATTERN.search(user_agent)


def upsert_statement(kind: str, object_id: int, amount: int = 1, day=None):
    day = day or utcnow().date()
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


def count_view(kind: str, object_id: int, app=None, environ=None) -> bool:
    """Count a request as a reader's view of the object (buffered).

    The current request, or (for a page served from the cache before Flask
    dispatches it) the given app and WSGI environ.
    """
    if environ is None:
        method = current_request.method
        agent = current_request.headers.get("User-Agent")
    else:
        method, agent = environ["REQUEST_METHOD"], environ.get("HTTP_USER_AGENT")
    if not is_countable(method, agent):
        return False
    app = app or current_app
    views = app.extensions.get("view_buffer")
    if views is not None:
        views.add(kind, object_id)
        return True
    if has_app_context():
        return record_hit(kind, object_id)
    with app.app_context():
        return record_hit(kind, object_id)


class ViewBuffer:
    """Views added up per (kind, object, day), written by a thread every interval."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds
        self._counts: Counter = Counter()
        self._lock = threading.Lock()
        # One write at a time: the flush at exit waits for the thread's write
        # under way, which would otherwise die with the process, uncommitted.
        self._writing = threading.Lock()
        self._thread: threading.Thread | None = None
        atexit.register(self.flush)

    def add(self, kind: str, object_id: int) -> None:
        with self._lock:
            self._counts[(kind, object_id, utcnow().date())] += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="view-buffer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.seconds)
            self.flush()

    def flush(self) -> int:
        """Write what was counted; on failure keep it for the next try."""
        with self._writing:
            return self._write()

    def _write(self) -> int:
        with self._lock:
            counts, self._counts = self._counts, Counter()
        if not counts:
            return 0
        try:
            with self.app.app_context(), db.engine.begin() as conn:
                for (kind, object_id, day), amount in sorted(counts.items()):
                    conn.execute(upsert_statement(kind, object_id, amount, day))
        except Exception:  # the database may be away: keep the counts, retry later
            log.exception("Could not write %d view counts; will retry", len(counts))
            with self._lock:
                self._counts.update(counts)
            return 0
        return sum(counts.values())


def init_app(app) -> None:
    seconds = app.config["STATS_FLUSH_SECONDS"]
    if seconds > 0:
        app.extensions["view_buffer"] = ViewBuffer(app, seconds)


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
