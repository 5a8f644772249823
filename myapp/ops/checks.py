"""Pre-flight checks for a production deployment (`flask check-deploy`)."""

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from myapp.config import DEFAULT_BANK_DETAILS, DEFAULT_SECRET_KEY
from myapp.extensions import db
from myapp.ops import dependencies
from myapp.server import bind_warning


@dataclass
class Check:
    level: str  # "ok", "warn" or "fail"
    name: str
    detail: str


def run_checks() -> list[Check]:
    config = current_app.config
    return [
        _secret_key(config),
        _database(),
        _site_url(config),
        _bank_details(config),
        _mail(config),
        _rate_limit_storage(config),
        _page_cache(config),
        *_redis_services(config),
        _webhook_secret(config),
        _trusted_proxies(config),
        _bind_address(),
        _staff_two_factor(config),
        _outbound(config),
        _instance_writable(),
    ]


def _secret_key(config) -> Check:
    key = config.get("SECRET_KEY") or ""
    if key == DEFAULT_SECRET_KEY or len(key) < 32:
        return Check(
            "fail", "SECRET_KEY", "missing, default or shorter than 32 characters"
        )
    return Check("ok", "SECRET_KEY", "set")


def _database() -> Check:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:  # any driver error: report it, don't crash the check
        return Check("fail", "database", f"unreachable: {exc.__class__.__name__}")
    migrations = current_app.extensions["migrate"].directory
    head = ScriptDirectory(migrations).get_current_head()
    if current != head:
        return Check(
            "fail", "database", f"at {current}, head is {head}: flask db upgrade"
        )
    return Check(
        "ok", "database", f"{db.engine.dialect.name}, migrations at head {head}"
    )


def _site_url(config) -> Check:
    url = config.get("SITE_URL") or ""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or _is_loopback(host):
        # Every e-mail and page builds its absolute links from SITE_URL.
        return Check("fail", "SITE_URL", f"{url!r} points at this machine")
    if not url.startswith("https://"):
        return Check("warn", "SITE_URL", f"{url!r} is not https://")
    return Check("ok", "SITE_URL", url)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.endswith(".localhost")


def _bank_details(config) -> Check:
    details = config.get("BANK_DETAILS") or ""
    if not details.strip() or details == DEFAULT_BANK_DETAILS or "XX00" in details:
        return Check(
            "fail", "BANK_DETAILS", "placeholder: members would pay to no account"
        )
    return Check("ok", "BANK_DETAILS", "set")


def _mail(config) -> Check:
    if not config.get("MAIL_SERVER"):
        return Check("warn", "MAIL_SERVER", "not set: e-mails go to the outbox folder")
    probe = dependencies.probe_smtp(config)
    if not probe.ok:
        return Check("fail", "MAIL_SERVER", f"{probe.target} {probe.error}")
    return Check("ok", "MAIL_SERVER", f"{probe.target} answers")


def _redis_services(config) -> list[Check]:
    """Connect to each configured Redis: a setting is not a running server."""
    checks = []
    for url, names in dependencies.by_url(dependencies.redis_urls(config)).items():
        probe = dependencies.probe_redis(f"redis ({', '.join(names)})", url, True)
        state = "answers" if probe.ok else probe.error
        checks.append(
            Check("ok" if probe.ok else "fail", probe.name, f"{probe.target} {state}")
        )
    return checks


def _trusted_proxies(config) -> Check:
    proxies = config.get("TRUSTED_PROXIES") or ""
    if not proxies:
        return Check(
            "warn", "TRUSTED_PROXIES", "none: behind nginx every client looks the same"
        )
    return Check("ok", "TRUSTED_PROXIES", proxies)


def _bind_address() -> Check:
    warning = bind_warning(os.environ.get("HOST", "127.0.0.1"))
    if warning:
        return Check("warn", "HOST", warning)
    return Check("ok", "HOST", os.environ.get("HOST", "127.0.0.1"))


def _rate_limit_storage(config) -> Check:
    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if uri.startswith("memory"):
        return Check("warn", "RATELIMIT_STORAGE_URI", "in-memory: one process only")
    return Check("ok", "RATELIMIT_STORAGE_URI", uri.split("@")[-1])


def _page_cache(config) -> Check:
    if config.get("PAGE_CACHE_SECONDS", 0) <= 0:
        return Check("ok", "page cache", "off")
    url = config.get("PAGE_CACHE_REDIS_URL")
    if not url:
        return Check(
            "warn",
            "PAGE_CACHE_REDIS_URL",
            "not set: one process only (see deploy-many)",
        )
    return Check("ok", "PAGE_CACHE_REDIS_URL", url.split("@")[-1])


def _webhook_secret(config) -> Check:
    secret = config.get("PAYMENT_WEBHOOK_SECRET") or ""
    if secret in ("", "whsec-dev-only", "whsec-change-me") or len(secret) < 16:
        return Check("fail", "PAYMENT_WEBHOOK_SECRET", "missing or a placeholder")
    return Check("ok", "PAYMENT_WEBHOOK_SECRET", "set")


def _staff_two_factor(config) -> Check:
    if not config.get("REQUIRE_2FA_FOR_STAFF"):
        return Check(
            "warn",
            "REQUIRE_2FA_FOR_STAFF",
            "off: editors and admins may sign in with a password alone",
        )
    return Check("ok", "REQUIRE_2FA_FOR_STAFF", "staff use a second factor")


def _outbound(config) -> Check:
    """User-given URLs (webhooks, listed sites) must never reach our own network."""
    if config.get("OUTBOUND_ALLOW_PRIVATE"):
        level = "fail" if config.get("LINCHPIN_ENV") == "production" else "warn"
        return Check(
            level,
            "OUTBOUND_ALLOW_PRIVATE",
            "1: webhooks and listed sites may reach private addresses",
        )
    allowed = config.get("OUTBOUND_ALLOW_NETWORKS") or "none"
    return Check("ok", "outbound requests", f"public addresses only (+ {allowed})")


def _instance_writable() -> Check:
    path = current_app.instance_path
    os.makedirs(path, exist_ok=True)
    if not os.access(path, os.W_OK):
        return Check("fail", "instance folder", f"{path} is not writable")
    return Check("ok", "instance folder", path)
