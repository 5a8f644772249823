"""`flask worker` without a queue service: poll the outbox, run the schedule."""

import logging
import signal
import threading
import time

from myapp.outbox import delivery, jobs

log = logging.getLogger(__name__)


class Worker:
    """Deliver due rows in batches; sleep until woken or the poll interval."""

    def __init__(self, app, name: str | None = None, schedule: bool = True):
        self.app = app
        self.name = name or delivery.worker_name()
        self.schedule = schedule
        self.stop = threading.Event()
        self.delivered = 0
        self._next_tick = 0.0

    def tick(self) -> None:
        if self.schedule and time.monotonic() >= self._next_tick:
            started = jobs.schedule_tick()
            if started:
                log.info("Scheduled: %s", ", ".join(started))
            self._next_tick = time.monotonic() + 30

    def run_once(self) -> int:
        self.tick()
        done = delivery.deliver_batch(self.name, stop=self.stop)
        self.delivered += done
        return done

    def run(self) -> None:
        wake = self.app.extensions["outbox"]["wake"]
        poll = self.app.config["WORKER_POLL_SECONDS"]
        log.info("Worker %s polling every %ss", self.name, poll)
        with self.app.app_context():
            while not self.stop.is_set():
                try:
                    done = self.run_once()
                except Exception:  # noqa: BLE001 - a lost database must not end the loop
                    log.exception("Worker %s: batch failed; trying again", self.name)
                    done = 0
                if not done:
                    wake.wait(poll)
                    wake.clear()

    def request_stop(self, *_args) -> None:
        """Finish the row in hand, then leave (SIGTERM, SIGINT)."""
        log.info("Worker %s stopping", self.name)
        self.stop.set()
        self.app.extensions["outbox"]["wake"].set()


def run_forever(app, name=None, schedule=True) -> Worker:
    worker = Worker(app, name, schedule)
    signal.signal(signal.SIGTERM, worker.request_stop)
    signal.signal(signal.SIGINT, worker.request_stop)
    worker.run()
    return worker


def start_thread(app) -> Worker:
    """The in-process worker behind `make run`: one command, no extra service."""
    worker = Worker(app, delivery.worker_name(":web"))
    app.extensions["outbox"]["worker"] = worker
    threading.Thread(target=worker.run, name="outbox-worker", daemon=True).start()
    return worker
