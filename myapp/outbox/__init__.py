"""The transactional outbox: side effects as rows, delivered after the commit.

from myapp import outbox
outbox.enqueue(kind, payload, key=None)   # in the caller's transaction
outbox.register_handler(kind, deliver)    # deliver(payload[, delivery])
"""

import threading

from flask import Blueprint

from myapp.outbox.delivery import PermanentError, on_batch_end, register_handler
from myapp.outbox.services import enqueue

bp = Blueprint("outbox", __name__)

__all__ = ["PermanentError", "enqueue", "init_app", "on_batch_end", "register_handler"]


def init_app(app) -> None:
    from myapp.outbox import dispatch, jobs  # noqa: F401 (jobs: handlers)

    dispatch.install()
    cli.register(app)
    app.extensions["outbox"] = {"wake": threading.Event()}


from myapp.outbox import cli, views  # noqa: E402,F401
