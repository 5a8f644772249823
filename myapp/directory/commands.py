"""`flask directory …`: the link checker, expiry and index maintenance."""

import click

from myapp.directory import bp
from myapp.directory.catalogue import categories
from myapp.directory.details.models import rebuild_hours
from myapp.directory.linkcheck import results as link_results
from myapp.directory.listings import expiry, search

# The site watch's verdicts (trust/suspect_rules.py), in the summary's words.
SITE_OUTCOMES = (
    ("baseline", "first seen"),
    ("ok", "unchanged"),
    ("moved", "moved within their domain"),
    ("redirect", "redirected to another domain"),
    ("parked", "parked"),
    ("drift", "changed beyond the limit"),
)


@bp.cli.command("check-links")
def check_links_command():
    """Check every live listing's URL (and backlink where its plan asks)."""
    targets = link_results.link_targets()
    if not targets:
        click.echo("No live listings to check.")
        return
    with click.progressbar(length=len(targets), label="Checking links") as bar:
        tally = link_results.check_links(targets, on_progress=lambda: bar.update(1))
    click.echo(
        f"Checked {tally['checked']}: {tally['ok']} ok, {tally['failing']} failing, "
        f"{tally['broken']} broken, {tally['backlink_missing']} without backlink."
    )
    click.echo(
        "Sites: "
        + ", ".join(f"{tally['site_' + key]} {label}" for key, label in SITE_OUTCOMES)
        + f"; verified owners: {tally['verified_kept']} kept, "
        f"{tally['verified_lost']} lost."
    )


@bp.cli.command("expire")
def expire_command():
    """Send renewal reminders (14 and 3 days before) and record expiries."""
    report = expiry.run()
    click.echo(
        f"Sent {len(report.reminded)} reminder(s); "
        f"{len(report.expired)} listing(s) expired."
    )


@bp.cli.command("reindex")
def reindex_command():
    """Rebuild what is derived from the listings table: the search index of
    words and the rows of opening hours (run it after changing SITE_TIMEZONE)."""
    click.echo(f"Indexed {search.rebuild_index()} listing(s).")
    click.echo(f"Opening hours: {rebuild_hours()} listing(s).")


@bp.cli.command("recount")
def recount_command():
    """Recompute every category's approved-listing count."""
    categories.recount()
    click.echo("Category counts recomputed.")
