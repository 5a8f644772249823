"""Stored pages and the tag versions that decide whether one may still be served.

Each page lists the tags of what it shows (`articles:12`, `index:articles`,
`directory-tree` …). A commit that changes something moves the version of its
tags to a new value of one clock; a page is served only while every one of its
tags is at or below the clock reading taken before it was rendered. So a write
empties exactly the pages that show it, and a render that raced a commit is
never kept.
"""

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from myapp.database import utcnow

log = logging.getLogger(__name__)

EVERYTHING = "*"  # on every page: moved by writes no rule describes


def path_key(environ) -> str:
    """A page's key in the store: its path and query string."""
    return environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")


@dataclass
class Entry:
    started: int  # the clock before the render: tags moved later make it stale
    tags: tuple
    expires: datetime
    status: str
    headers: list
    body: bytes
    etag: str = ""
    modified: str = ""
    replays: list = field(default_factory=list)
    fresh: list = field(default_factory=list)


class LocalVersions:
    """Tag versions of a single process."""

    def __init__(self):
        self.clock = 0
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()

    def now(self) -> int | None:
        return self.clock

    def current(self, entry: Entry) -> bool | None:
        versions, started = self._versions, entry.started
        return all(versions.get(tag, 0) <= started for tag in entry.tags)

    def move(self, tags, _ttl: int) -> None:
        with self._lock:
            self.clock += 1
            for tag in tags:
                self._versions[tag] = self.clock


# Moves the clock and sets every tag to it in one atomic step, so versions
# only ever grow, whatever order two writers' calls arrive in.
MOVE_SCRIPT = """
local now = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], now, 'EX', ARGV[1]) end
return now
"""


class RedisVersions:
    """Tag versions shared by every process that uses the same Redis and prefix.

    A lookup is one MGET of the page's tags. If Redis cannot be reached, pages
    are rendered and not stored (never served stale).
    """

    def __init__(self, url: str, prefix: str):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5)
        self._clock = f"{prefix}:clock"
        self._prefix = f"{prefix}:tag:"
        self._move = self._redis.register_script(MOVE_SCRIPT)
        self._reachable = True  # log when this changes, not on every request

    def _call(self, func, *args):
        try:
            value = func(*args)
        except Exception:
            if self._reachable:
                log.warning("Page cache: Redis unreachable; rendering pages uncached")
            self._reachable = False
            return None
        if not self._reachable:
            log.info("Page cache: Redis reachable again")
            self._reachable = True
        return value

    def now(self) -> int | None:
        value = self._call(self._redis.get, self._clock)
        return None if value is None and not self._reachable else int(value or 0)

    def current(self, entry: Entry) -> bool | None:
        keys = [self._prefix + tag for tag in entry.tags]
        values = self._call(self._redis.mget, keys)
        if values is None:
            return None
        started = entry.started
        return all(int(v or 0) <= started for v in values)

    def move(self, tags, ttl: int) -> None:
        keys = [self._clock, *(self._prefix + tag for tag in tags)]
        if self._call(self._move, keys, [ttl]) is None:
            log.error("Page cache: could not move tags %s in Redis", sorted(tags))


class PageCache:
    """A bounded LRU of entries, each checked against its tags' versions."""

    def __init__(self, seconds: float, max_bytes: int, versions):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.versions = versions
        self.clock_changes: list = []  # provider() -> next time a page changes
        self.readers = None  # environ -> the signed-in Reader, or None (members.py)
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._horizon: tuple[int, datetime] | None = None

    def changes_at(self, provider) -> None:
        if provider not in self.clock_changes:
            self.clock_changes.append(provider)

    def expiry(self, started: int) -> datetime:
        """When an entry stored now must go: its time is up, or the clock changes
        a page (asked of the providers again after any write or when due)."""
        now = utcnow()
        horizon = self._horizon
        if horizon is None or horizon[0] != started or horizon[1] <= now:
            times = [t for t in (provider() for provider in self.clock_changes) if t]
            horizon = self._horizon = (started, min(times, default=datetime.max))
        return min(now + timedelta(seconds=self.seconds), horizon[1])

    def get(self, key: str) -> Entry | None:
        """The entry if it is still current; None on a miss or if unsure."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= utcnow():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
        current = self.versions.current(entry)
        if not current:
            if current is False:
                with self._lock:
                    if self._entries.get(key) is entry:
                        self._drop(key)
            return None
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 8:  # one huge page would evict all
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def invalidate(self, tags) -> None:
        """Make every page showing one of these tags stale, here and elsewhere."""
        if tags:
            # Longer than any entry lives, so a version never lapses under one.
            self.versions.move(tags, int(2 * self.seconds) + 60)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._horizon = None

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry.body)
