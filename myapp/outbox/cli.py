"""`flask worker` and `flask outbox …`: run deliveries and jobs, look at the rows."""

import logging

import click
from flask import current_app

from myapp.outbox import admin, bp, delivery, jobs


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--no-schedule", is_flag=True, help="Leave periodic jobs to others.")
@click.option("--name", default=None, help="Worker name shown on claimed rows.")
def worker_command(once, no_schedule, name):
    """Deliver due outbox rows and run periodic jobs until SIGTERM."""
    from myapp.outbox import worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()
    if once:
        if not no_schedule:
            jobs.schedule_tick()
        done = delivery.deliver_due(name or delivery.worker_name())
        click.echo(f"Delivered or tried {done} row(s).")
        return
    if app.config["QUEUE_URL"]:
        from myapp.outbox import rq_queue

        rq_queue.run_worker(app, name=name, schedule=not no_schedule)
        return
    done = worker.run_forever(app, name=name, schedule=not no_schedule)
    click.echo(f"Worker stopped after {done.delivered} row(s).")


@bp.cli.command("status")
def status_command():
    """Rows by status."""
    for status, count in admin.status_counts().items():
        click.echo(f"{status:8} {count}")


@bp.cli.command("deliver")
def deliver_command():
    """Deliver every due row now, with a progress bar."""
    from myapp.outbox.models import DUE_STATUSES

    due = sum(n for s, n in admin.status_counts().items() if s in DUE_STATUSES)
    name = delivery.worker_name(":cli")
    with click.progressbar(length=due, label="Delivering") as bar:
        while done := delivery.deliver_batch(name):
            bar.update(done)
    click.echo(f"Status now: {admin.status_counts()}")


def register(app) -> None:
    app.cli.add_command(worker_command)
