"""`flask media gc`: remove stored files and uploads nothing uses any more."""

from datetime import timedelta

import click
from sqlalchemy import select

from myapp.database import after_commit, unit_of_work, utcnow
from myapp.extensions import db
from myapp.media import bp
from myapp.media.models import ArticleImage, ListingImage, MediaFile
from myapp.media.storage import storage

bp.cli.short_help = "Pictures: clean up stored files."
UPLOAD_GRACE = timedelta(days=1)  # a fresh upload may be about to be attached


def _referenced_media() -> set[int]:
    """Uploads a listing, an article or a waiting revision uses."""
    from myapp.directory.models import ListingRevision
    from myapp.directory.vocabulary import EDIT_PENDING

    used = set(db.session.scalars(select(ListingImage.media_id)))
    used |= set(db.session.scalars(select(ArticleImage.media_id)))
    for revision in db.session.scalars(
        select(ListingRevision).where(ListingRevision.status == EDIT_PENDING)
    ):
        for side in revision.diff.get("images", []):
            used |= {entry["media_id"] for entry in side}
    return used


@unit_of_work
def collect(dry_run: bool, keep_unattached_days: float | None = None) -> dict:
    """Delete unattached uploads older than the grace time, then orphan files."""
    used = _referenced_media()
    grace = (
        UPLOAD_GRACE
        if keep_unattached_days is None
        else timedelta(days=keep_unattached_days)
    )
    stale = [
        media
        for media in db.session.scalars(
            select(MediaFile).where(MediaFile.created_at < utcnow() - grace)
        )
        if media.id not in used
    ]
    kept_keys = set()
    for media in db.session.scalars(select(MediaFile)):
        if media not in stale:
            kept_keys |= media.keys
    orphans = [key for key in storage().names() if key not in kept_keys]
    if not dry_run:
        for media in stale:
            db.session.delete(media)
        after_commit(_delete_files, orphans)  # rows first: a failed commit keeps all
    return {"uploads": len(stale), "files": len(orphans)}


def _delete_files(keys: list[str]) -> None:
    for key in keys:
        storage().delete(key)


@bp.cli.command("gc")
@click.option("--dry-run", is_flag=True, help="Say what would go; delete nothing.")
@click.option(
    "--keep-unattached-days",
    type=float,
    default=None,
    help="Keep unattached uploads this long (default 1 day).",
)
def gc_command(dry_run, keep_unattached_days):
    """Remove uploads no listing or article uses, and files no upload names."""
    counts = collect(dry_run, keep_unattached_days)
    verb = "Would remove" if dry_run else "Removed"
    uploads, files = counts["uploads"], counts["files"]
    click.echo(f"{verb} {uploads} unused uploads and {files} files.")
