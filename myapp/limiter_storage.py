"""A thread-safe in-memory rate-limit storage, registered as "memory://".

limits 5.8.0's MemoryStorage guards each key with its own lock but drops and
recreates those locks while other threads hold them, and `clear`/`reset` pop
keys another thread is reading: under concurrency a hit can raise KeyError,
which Flask-Limiter turns into a 500. One lock around every operation (and the
expiry timer) makes each of them atomic; waitress threads share one process,
so the cost is a few microseconds per request.
"""

import threading
from functools import wraps

from limits.storage import MemoryStorage

ATOMIC = (
    "incr",
    "decr",
    "get",
    "get_expiry",
    "clear",
    "reset",
    "acquire_entry",
    "get_moving_window",
    "acquire_sliding_window_entry",
    "get_sliding_window",
    "clear_sliding_window",
)


def _locked(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class LockedMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["memory"]  # replaces limits' own class for memory://

    def __init__(self, *args, **kwargs):
        self.lock = threading.RLock()
        super().__init__(*args, **kwargs)

    def _MemoryStorage__expire_events(self) -> None:  # the base class's timer job
        with self.lock:
            super()._MemoryStorage__expire_events()


for _name in ATOMIC:
    setattr(LockedMemoryStorage, _name, _locked(getattr(MemoryStorage, _name)))
