"""`flask subscriptions digest`, and the same work as a scheduled outbox job."""

from datetime import datetime

import click

from myapp.outbox import register_handler
from myapp.outbox.jobs import register_job
from myapp.subscriptions import bp, digest

JOB = "job.subscriptions_digest"


def _summary(report) -> str:
    return (
        f"Checked {report.checked} due subscriber(s) in {report.batches} batch(es); "
        f"queued {report.sent} digest(s)."
    )


@bp.cli.command("digest")
@click.option("--now", help="Pretend it is this UTC time (ISO 8601), e.g. to catch up.")
def digest_command(now):
    """Queue the daily and weekly digests that are due (safe to run often)."""
    at = datetime.fromisoformat(now) if now else None
    click.echo(_summary(digest.run(at)))


def run_job(payload: dict, delivery) -> str:
    """Outbox handler: the digest run, with its progress on the job's page."""

    def progress(report):
        delivery.progress(report.checked, report.checked, f"{report.sent} queued")

    return _summary(digest.run(progress=progress))


register_handler(JOB, run_job)
register_job(
    "subscriptions_digest",
    JOB,
    "Send the e-mail digests that are due",
    "SCHEDULE_DIGEST_SECONDS",
    "outbox.manage",
)
