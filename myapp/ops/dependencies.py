"""The services the app talks to, each probed on its own: /readyz and check-deploy.

A probe answers "ok" or why not within about a second, never raises, and
names a service only when it is configured.
"""

import smtplib
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import text

from myapp.extensions import db

TIMEOUT = 1.0


@dataclass
class Probe:
    name: str
    target: str  # where it is, without credentials
    required: bool
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _hide_password(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


def redis_urls(config) -> dict[str, str]:
    """Each Redis setting in use -> its URL (one service may serve several)."""
    settings = {
        "RATELIMIT_STORAGE_URI": config.get("RATELIMIT_STORAGE_URI") or "",
        "PAGE_CACHE_REDIS_URL": config.get("PAGE_CACHE_REDIS_URL") or "",
        "QUEUE_URL": config.get("QUEUE_URL") or "",
    }
    return {k: v for k, v in settings.items() if v.startswith(("redis", "rediss"))}


def probe_database() -> Probe:
    probe = Probe("database", db.engine.dialect.name, required=True)
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not reachable"
        db.session.rollback()
        probe.error = f"unreachable: {exc.__class__.__name__}"
    return probe


def probe_redis(name: str, url: str, required: bool) -> Probe:
    import redis

    probe = Probe(name, _hide_password(url), required=required)
    client = redis.Redis.from_url(
        url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT
    )
    try:
        client.ping()
    except Exception as exc:  # refused, timed out, wrong password: all "down"
        probe.error = f"unreachable: {exc.__class__.__name__}"
    finally:
        client.close()
    return probe


def probe_smtp(config) -> Probe:
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    probe = Probe("MAIL_SERVER", f"{host}:{port}", required=False)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT * 3) as smtp:
            smtp.ehlo()
    except Exception as exc:  # noqa: BLE001 - report any failure, never raise
        probe.error = f"unreachable: {exc.__class__.__name__}"
    return probe


def ready_probes() -> list[Probe]:
    """What /readyz needs: the database, and every configured Redis."""
    config = current_app.config
    required = config["READYZ_REQUIRE_REDIS"]
    redis_probes = [
        probe_redis(f"redis ({', '.join(names)})", url, required)
        for url, names in by_url(redis_urls(config)).items()
    ]
    return [probe_database(), *redis_probes]


def by_url(settings: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, url in settings.items():
        grouped.setdefault(url, []).append(name)
    return grouped
