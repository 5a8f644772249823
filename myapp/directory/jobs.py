"""The directory's background jobs: link checks, reminders and expiries.

Run by `flask worker` on their schedule, or started from the admin's jobs
list; `flask directory check-links` and `expire` still run them by hand.
"""

from myapp.directory.linkcheck import results as link_health
from myapp.directory.listings import expiry
from myapp.outbox.delivery import Delivery, register_handler
from myapp.outbox.jobs import register_job

PROGRESS_EVERY = 5  # rows between progress writes: cheap, still lively


def check_links(payload: dict, delivery: Delivery) -> str:
    targets = link_health.link_targets()
    done = 0
    delivery.progress(0, len(targets), "Checking links")

    def step() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0 or done == len(targets):
            delivery.progress(done, len(targets), "Checking links")

    tally = link_health.check_links(targets, on_progress=step)
    return (
        f"Checked {tally['checked']}: {tally['ok']} ok, {tally['failing']} failing, "
        f"{tally['broken']} broken, {tally['backlink_missing']} without backlink."
    )


def run_expiry(payload: dict, delivery: Delivery) -> str:
    report = expiry.run()
    delivery.progress(1, 1, "Done")
    return (
        f"Sent {len(report.reminded)} reminder(s); "
        f"{len(report.expired)} listing(s) expired."
    )


register_handler("job.linkcheck", check_links)
register_handler("job.expiry", run_expiry)
register_job(
    "linkcheck",
    "job.linkcheck",
    "Check every live listing's link",
    "SCHEDULE_LINKCHECK_SECONDS",
    "listing.review",
)
register_job(
    "expiry",
    "job.expiry",
    "Send renewal reminders and expire ended listings",
    "SCHEDULE_EXPIRY_SECONDS",
    "outbox.manage",
)
