"""Run demo seeding at a moment in the past, so its records tell one story.

Every timestamp (models' defaults, services, audit rows, outbox e-mails) reads
`database.utcnow()`; moving that one clock for a step of the demo dates the
whole step: a listing approved 90 days ago has its event, audit row, order and
e-mail 90 days ago too.
"""

from contextlib import contextmanager
from datetime import datetime

from myapp import database


@contextmanager
def at(moment: datetime):
    """Make `utcnow()` read `moment` (and run on from it) inside the block."""
    outer = database.clock
    offset = moment - outer()
    database.clock = lambda: outer() + offset
    try:
        yield moment
    finally:
        database.clock = outer
