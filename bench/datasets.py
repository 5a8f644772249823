"""Data sets: a fresh database per size, migrated and filled by `flask demo seed`."""

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT

# The sizes: 3 tags per article from a pool of `tags`, `comments`
# spread over the articles, the listings in a tree of `categories`. Both sets
# share the pool and tree, so the pages compared differ only in row counts.
SIZES = {
    "small": {
        "articles": 1_000,
        "listings": 200,
        "days": 30,
        "tags": 500,
        "comments": 500,
        "categories": 100,
    },
    "large": {
        "articles": 100_000,
        "listings": 20_000,
        "days": 365,
        "tags": 500,
        "comments": 50_000,
        "categories": 100,
    },
}
# --smoke: enough rows for every page to have something to show, seeded in seconds.
SMOKE_SIZES = {
    "small": {"articles": 20, "listings": 10, "days": 2, "comments": 10},
    "large": {"articles": 60, "listings": 30, "days": 3, "comments": 30},
}
MYSQL_SERVER = "mysql+pymysql://root@127.0.0.1:3306"


class SeedError(RuntimeError):
    """Migrating or seeding a data set failed."""


@dataclass
class DataSet:
    name: str
    sizes: dict
    url: str
    seed_seconds: float | None = None
    upgrade_seconds: float | None = None
    reused: bool = False

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "sizes": self.sizes,
            "database": self.url.split("://")[0].split("+")[0],
            "seed_seconds": self.seed_seconds,
            "upgrade_seconds": self.upgrade_seconds,
            "reused": self.reused,
        }


def database_url(kind: str, name: str, data_dir: Path, mysql_server: str) -> str:
    if kind == "mysql":
        return f"{mysql_server.rstrip('/')}/bench_{name}?charset=utf8mb4"
    return f"sqlite:///{data_dir / f'{name}.db'}"


def reset_database(url: str) -> None:
    """An empty database: delete the SQLite file, or drop and create the schema."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    _mysql_admin(url, "DROP DATABASE IF EXISTS {name}")
    _mysql_admin(
        url, "CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    )


def drop_database(url: str) -> None:
    if url.startswith("mysql"):
        _mysql_admin(url, "DROP DATABASE IF EXISTS {name}")
    else:
        reset_database(url)


def _mysql_admin(url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    engine = create_engine(parsed.set(database=""))
    try:
        with engine.begin() as conn:
            conn.execute(text(statement.format(name=f"`{parsed.database}`")))
    finally:
        engine.dispose()


def flask(args: list[str], env: dict, log_path: Path) -> float:
    """Run a `flask` command in the app's environment; return its wall time."""
    started = time.perf_counter()
    with open(log_path, "ab") as log:
        log.write(f"$ flask {' '.join(args)}\n".encode())
        log.flush()
        run = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if run.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
        raise SeedError(f"flask {' '.join(args)} exited {run.returncode}:\n{tail}")
    return round(time.perf_counter() - started, 2)


def seed_options(env: dict) -> set[str]:
    """The options `flask demo seed` takes: a size it lacks yet is left out."""
    run = subprocess.run(
        [sys.executable, "-m", "flask", "demo", "seed", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(re.findall(r"--([a-z][a-z-]*)", run.stdout))


def prepare(data_set: DataSet, env: dict, work_dir: Path, reuse: bool) -> DataSet:
    """Migrate and seed a fresh database, or reuse one seeded with the same sizes."""
    marker = work_dir / f"{data_set.name}.json"
    wanted = {"url": data_set.url, "sizes": data_set.sizes}
    if reuse and marker.exists():
        saved = json.loads(marker.read_text())
        if {k: saved.get(k) for k in wanted} == wanted:
            data_set.reused = True
            data_set.seed_seconds = saved.get("seed_seconds")
            # Still upgrade: a reused set must have today's schema.
            flask(["db", "upgrade"], env, work_dir / "seed.log")
            return data_set
    reset_database(data_set.url)
    log_path = work_dir / "seed.log"
    data_set.upgrade_seconds = flask(["db", "upgrade"], env, log_path)
    known = seed_options(env)
    options = [
        f"--{key}={value}" for key, value in data_set.sizes.items() if key in known
    ]
    data_set.seed_seconds = flask(["demo", "seed", *options], env, log_path)
    marker.write_text(json.dumps({**wanted, "seed_seconds": data_set.seed_seconds}))
    return data_set
