"""`flask backup create|restore`, `flask export|import` and `flask check-deploy`."""

import os

import click
from flask import current_app
from flask.cli import AppGroup

from myapp import page_cache
from myapp.extensions import db
from myapp.media import backup as media_backup
from myapp.ops import backup, checks, exchange

backup_cli = AppGroup("backup", help="Back up and restore the database.")


def _database_url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


@backup_cli.command("create")
@click.option(
    "--output", "-o", default=None, help="File to write (default: instance/backups/)."
)
def create_backup(output):
    """Write a consistent backup while the site keeps serving."""
    url = db.engine.url
    target = output or backup.default_backup_name(
        url, os.path.join(current_app.instance_path, "backups")
    )
    try:
        path = backup.create(_database_url(), target)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {path} ({os.path.getsize(path):,} bytes).")
    files = media_backup.save_files(media_backup.folder_for(path))
    click.echo(f"Media: {files} new files in {media_backup.folder_for(path)}.")


@backup_cli.command("restore")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_backup(source, yes):
    """Replace the database with a backup; servers sharing Redis see it at once."""
    if not yes:
        click.confirm(
            f"Replace the content of {db.engine.url!r} with {source}?", abort=True
        )
    db.session.remove()
    db.engine.dispose()
    try:
        backup.restore(_database_url(), source)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    files = media_backup.restore_files(media_backup.folder_for(source))
    # Every process sharing the tag versions (Redis) drops what the restore removed.
    page_cache.page_cache().invalidate({page_cache.EVERYTHING})
    click.echo(f"Restored {source} (and {files} media files).")


@click.command("check-deploy")
def check_deploy():
    """Check the settings and database before going live; exit 1 on a failure."""
    results = checks.run_checks()
    colours = {"ok": "green", "warn": "yellow", "fail": "red"}
    for check in results:
        label = click.style(f"{check.level.upper():4}", fg=colours[check.level])
        click.echo(f"{label} {check.name}: {check.detail}")
    if any(check.level == "fail" for check in results):
        raise SystemExit(1)


@click.command("export")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option(
    "--only", multiple=True, help="A table to export (repeatable; csv: exactly one)."
)
def export_command(output, fmt, only):
    """Write the site's rows as JSON lines (or one table as CSV) to move it."""
    try:
        if fmt == "csv":
            if len(only) != 1:
                raise exchange.ExchangeError("CSV needs exactly one --only TABLE.")
            counts = {only[0]: exchange.export_csv(output, only[0])}
        else:
            counts = exchange.export_jsonl(output, only)
    except exchange.ExchangeError as exc:
        raise click.ClickException(str(exc)) from exc
    _summary("Exported", counts)


@click.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def import_command(source):
    """Load a `flask export` file into an empty, migrated database."""
    try:
        counts = exchange.import_jsonl(source)
    except exchange.ExchangeError as exc:
        raise click.ClickException(str(exc)) from exc
    _summary("Imported", counts)


def _summary(verb: str, counts: dict[str, int]) -> None:
    detail = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    click.echo(f"{verb} {sum(counts.values())} rows ({detail or 'none'}).", err=True)


def register_ops_cli(app) -> None:
    app.cli.add_command(backup_cli)
    app.cli.add_command(check_deploy)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
