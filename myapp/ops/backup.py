"""Consistent backups while the site serves: SQLite online API, mysqldump for MySQL."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def default_backup_name(url: URL, folder: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if url.get_backend_name() == "sqlite" else "sql"
    return os.path.join(folder, f"linchpin-{stamp}.{suffix}")


def sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return url.database


def create(database_url: str, target: str) -> str:
    """Write a consistent copy of the database to `target` and return its path."""
    url = make_url(database_url)
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    _owner_only(target)  # it holds password hashes: readable by its owner only
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(sqlite_path(url), target)
    elif url.get_backend_name() == "mysql":
        _mysqldump(url, target)
    else:
        raise BackupError(f"No backup method for {url.get_backend_name()}.")
    return target


def restore(database_url: str, source: str) -> None:
    """Replace the database's content with the backup at `source`."""
    if not os.path.exists(source):
        raise BackupError(f"No backup file at {source}.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(source, sqlite_path(url))
    elif url.get_backend_name() == "mysql":
        with open(source, "rb") as dump:
            _run(["mysql", *_mysql_args(url), url.database], url, stdin=dump)
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()}.")


def _sqlite_copy(source_path: str, target_path: str) -> None:
    """SQLite's online backup: a consistent snapshot even while others write."""
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        with target:
            source.backup(target, pages=1024)
    finally:
        source.close()
        target.close()


def _owner_only(path: str) -> None:
    """Create (or truncate) `path` with mode 0600 before anything is written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # an existing file keeps its mode on open: set it


def _mysql_args(url: URL) -> list[str]:
    """Connection options; the password goes in an option file, see _run."""
    args = [f"--host={url.host or '127.0.0.1'}", f"--port={url.port or 3306}"]
    if url.username:
        args.append(f"--user={url.username}")
    args.append("--default-character-set=utf8mb4")
    return args


def _mysqldump(url: URL, target: str) -> None:
    """One transaction's snapshot of InnoDB tables, without locking the site."""
    if not shutil.which("mysqldump"):
        raise BackupError("mysqldump is not installed (Debian: mariadb-client).")
    with open(target, "wb") as out:
        _run(
            [
                "mysqldump",
                *_mysql_args(url),
                "--single-transaction",
                "--quick",
                "--routines",
                "--triggers",
                "--no-tablespaces",
                url.database,
            ],
            url,
            stdout=out,
        )


@contextmanager
def _option_file(password: str | None):
    """A [client] option file (mode 0600, removed after) holding the password."""
    if not password:
        yield []
        return
    fd, path = tempfile.mkstemp(prefix="linchpin-my-", suffix=".cnf")
    try:
        escaped = password.replace("\\", "\\\\").replace('"', '\\"')
        with os.fdopen(fd, "w") as fh:
            fh.write(f'[client]\npassword="{escaped}"\n')
        yield [f"--defaults-extra-file={path}"]  # must come first
    finally:
        os.remove(path)


def _run(command: list[str], url: URL, stdin=None, stdout=None) -> None:
    """Run mysql/mysqldump; the password never appears on a command line or in
    the environment of the child (both visible to other users of the machine)."""
    env = {k: v for k, v in os.environ.items() if k != "MYSQL_PWD"}
    with _option_file(url.password) as option:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from config
            [command[0], *option, *command[1:]],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError(result.stderr.decode(errors="replace").strip())
