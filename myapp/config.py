"""Configuration classes, chosen by LINCHPIN_ENV and filled from the environment."""

import os
from datetime import timedelta
from urllib.parse import urlsplit

DEFAULT_SECRET_KEY = "dev-only-change-me"
DEFAULT_WEBHOOK_SECRET = "whsec-dev-only"  # public: refused in production
# A placeholder for development; `flask check-deploy` fails while it is in use.
DEFAULT_BANK_DETAILS = (
    "Account holder: Linchpin (set BANK_DETAILS)"
    "\\nIBAN: XX00 0000 0000 0000 0000 00\\nBIC: XXXXXXXX"
)


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_list(name: str) -> list[str] | None:
    value = env(name)
    return (
        [part.strip() for part in value.split(",") if part.strip()] if value else None
    )


def trusted_hosts_for(site_url: str) -> list[str]:
    """The one host name requests may use: SITE_URL's (the port does not count)."""
    return [urlsplit(site_url).hostname or ""]


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


class Config:
    LINCHPIN_ENV = "development"
    SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", "sqlite:///linchpin.db")
    SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
    SITE_NAME = "Linchpin"
    # Times are stored in UTC and shown (and typed in forms) in this IANA zone.
    SITE_TIMEZONE = env("SITE_TIMEZONE", "UTC")
    MAX_CONTENT_LENGTH = 1024 * 1024
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_RESET_MAX_AGE = 3600
    # Two-factor sign-in (docs/two-factor.md). Editors and admins must enrol when
    # on; production turns it on unless told otherwise.
    REQUIRE_2FA_FOR_STAFF = env("REQUIRE_2FA_FOR_STAFF", "0") == "1"
    # Seconds a sign-in or a confirmation counts as recent for sensitive changes.
    REAUTH_SECONDS = env_int("REAUTH_SECONDS", 300)
    # Seconds between the password and the second factor before starting over.
    SIGNIN_PENDING_SECONDS = 300
    TRUSTED_DEVICE_DAYS = env_int("TRUSTED_DEVICE_DAYS", 30)
    # Codes tried per account at the second step (on top of AUTH_RATE_LIMIT).
    TWO_FACTOR_RATE_LIMIT = env("TWO_FACTOR_RATE_LIMIT", "5 per minute;20 per hour")
    # Passkeys: the relying party id and origin; default from SITE_URL.
    WEBAUTHN_RP_ID = env("WEBAUTHN_RP_ID")
    WEBAUTHN_ORIGIN = env("WEBAUTHN_ORIGIN")

    MAIL_SERVER = env("MAIL_SERVER")
    MAIL_PORT = env_int("MAIL_PORT", 587)
    MAIL_USERNAME = env("MAIL_USERNAME")
    MAIL_PASSWORD = env("MAIL_PASSWORD")
    MAIL_USE_TLS = env("MAIL_USE_TLS", "1") == "1"
    MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "Linchpin <noreply@localhost>")
    MAIL_OUTBOX = env("MAIL_OUTBOX")  # default: <instance>/outbox
    MAIL_TIMEOUT = float(env("MAIL_TIMEOUT", "15"))

    # The outbox (docs/outbox.md): tries, backoff, leases, clean-up.
    OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
    OUTBOX_RETRY_BASE = float(env("OUTBOX_RETRY_BASE", "30"))
    OUTBOX_RETRY_CAP = float(env("OUTBOX_RETRY_CAP", "21600"))
    OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)
    OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 50)
    OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
    # Deliver in the committing process at once (tests); workers do it otherwise.
    OUTBOX_DELIVER_ON_COMMIT = env("OUTBOX_DELIVER_ON_COMMIT", "0") == "1"
    # `python wsgi.py` (make run) starts a worker thread beside the site.
    WORKER_IN_PROCESS = env("WORKER_IN_PROCESS", "0") == "1"
    WORKER_POLL_SECONDS = float(env("WORKER_POLL_SECONDS", "2"))
    # With redis://…, workers take jobs from RQ instead of polling the database.
    QUEUE_URL = env("QUEUE_URL", "")
    QUEUE_NAME = env("QUEUE_NAME", "linchpin")
    # How often rq's cron pushes due rows and the schedule's jobs (RQ only).
    QUEUE_SWEEP_SECONDS = env_int("QUEUE_SWEEP_SECONDS", 30)
    # Periodic jobs, every N seconds (0: off, e.g. when cron runs them).
    SCHEDULE_EXPIRY_SECONDS = env_int("SCHEDULE_EXPIRY_SECONDS", 3600)
    SCHEDULE_LINKCHECK_SECONDS = env_int("SCHEDULE_LINKCHECK_SECONDS", 86400)
    SCHEDULE_CLEANUP_SECONDS = env_int("SCHEDULE_CLEANUP_SECONDS", 86400)

    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_HEADER_LIMIT = "RateLimit-Limit"
    RATELIMIT_HEADER_REMAINING = "RateLimit-Remaining"
    RATELIMIT_HEADER_RESET = "RateLimit-Reset"
    AUTH_RATE_LIMIT = env("AUTH_RATE_LIMIT", "10 per minute")
    API_RATE_LIMIT = env("API_RATE_LIMIT", "300 per minute;5000 per hour")
    API_ANON_RATE_LIMIT = env("API_ANON_RATE_LIMIT", "60 per minute;1000 per hour")
    PAYMENT_WEBHOOK_SECRET = env("PAYMENT_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET)
    PAYMENT_WEBHOOK_TOLERANCE = env_int("PAYMENT_WEBHOOK_TOLERANCE", 300)
    # Signed provider calls per client address, counted after the signature.
    PAYMENT_WEBHOOK_RATE_LIMIT = env(
        "PAYMENT_WEBHOOK_RATE_LIMIT", "600 per minute;10000 per hour"
    )
    # How to pay by bank transfer, shown with every unpaid order; "\n" breaks lines.
    BANK_DETAILS = env("BANK_DETAILS", DEFAULT_BANK_DETAILS)
    SUBMISSION_RATE_LIMIT = env("SUBMISSION_RATE_LIMIT", "20 per hour")
    DIRECTORY_PAGE_SIZE = env_int("DIRECTORY_PAGE_SIZE", 20)
    LINKCHECK_WORKERS = env_int("LINKCHECK_WORKERS", 8)
    LINKCHECK_TIMEOUT = float(env("LINKCHECK_TIMEOUT", "10"))
    LINKCHECK_HOST_DELAY = float(env("LINKCHECK_HOST_DELAY", "1.0"))
    COMMENT_RATE_LIMIT = env("COMMENT_RATE_LIMIT", "5 per minute")
    # Trust in the directory (myapp/directory/trust/): claims and the site watch.
    DNS_NAMESERVER = env("DNS_NAMESERVER", "")  # host:port; empty: the system's
    DNS_TIMEOUT = float(env("DNS_TIMEOUT", "3"))  # seconds per look-up
    CLAIM_TOKEN_DAYS = env_int("CLAIM_TOKEN_DAYS", 7)  # a claim token's lifetime
    CLAIMS_NEED_REVIEW = env("CLAIMS_NEED_REVIEW", "0") == "1"
    # Bits of 64 that may differ from the approved page before it is "drifted".
    SITE_DRIFT_MAX_BITS = env_int("SITE_DRIFT_MAX_BITS", 16)
    # Look up each listed domain's name servers for parking services' ones.
    SITE_WATCH_NAME_SERVERS = env("SITE_WATCH_NAME_SERVERS", "1") == "1"
    # Requests to user-given URLs (webhooks, listed sites): see myapp/outbound.py.
    OUTBOUND_TIMEOUT = float(env("OUTBOUND_TIMEOUT", "10"))
    OUTBOUND_MAX_BYTES = env_int("OUTBOUND_MAX_BYTES", 65536)
    OUTBOUND_MAX_REDIRECTS = env_int("OUTBOUND_MAX_REDIRECTS", 3)
    OUTBOUND_ALLOW_PRIVATE = env("OUTBOUND_ALLOW_PRIVATE", "0") == "1"
    OUTBOUND_ALLOW_NETWORKS = env("OUTBOUND_ALLOW_NETWORKS", "")
    # An endpoint failing without a single success for this long is switched off.
    WEBHOOK_DISABLE_AFTER_HOURS = float(env("WEBHOOK_DISABLE_AFTER_HOURS", "24"))
    WEBHOOK_LOG_DAYS = env_int("WEBHOOK_LOG_DAYS", 30)  # delivery log kept this long
    SUBSCRIBE_RATE_LIMIT = env("SUBSCRIBE_RATE_LIMIT", "10 per hour")
    SUBSCRIPTIONS_BATCH_SIZE = env_int("SUBSCRIPTIONS_BATCH_SIZE", 200)
    # How often the worker looks for due digests (0: by `flask subscriptions digest`).
    SCHEDULE_DIGEST_SECONDS = env_int("SCHEDULE_DIGEST_SECONDS", 3600)
    # Comments containing one of these words (comma-separated) are marked spam;
    # unset: the shipped list (comments/spam.py DEFAULT_BLOCK_WORDS), "-": none.
    COMMENT_BLOCK_WORDS = env("COMMENT_BLOCK_WORDS", "")
    # A comment form sent back sooner than this after it was shown is spam.
    COMMENT_MIN_SECONDS = env_int("COMMENT_MIN_SECONDS", 3)
    COMMENT_FORM_MAX_AGE = 2 * 24 * 3600
    # How long an e-mailed confirmation link works, and how often one may be resent.
    EMAIL_CONFIRM_MAX_AGE = env_int("EMAIL_CONFIRM_MAX_AGE", 3 * 24 * 3600)
    CONFIRM_RESEND_RATE_LIMIT = env("CONFIRM_RESEND_RATE_LIMIT", "3 per hour")
    # Reviews: the average is shown from this many approved reviews on.
    REVIEWS_MIN_FOR_AVERAGE = env_int("REVIEWS_MIN_FOR_AVERAGE", 3)
    REVIEWS_PER_PAGE = env_int("REVIEWS_PER_PAGE", 10)
    REVIEW_RATE_LIMIT = env("REVIEW_RATE_LIMIT", "10 per hour")
    REVIEW_REPORT_RATE_LIMIT = env("REVIEW_REPORT_RATE_LIMIT", "10 per hour")
    # "1": a member with an approved review (or reply) is approved at once.
    REVIEWS_TRUST_KNOWN = env("REVIEWS_TRUST_KNOWN", "1") == "1"
    ARTICLES_PER_PAGE = 10
    PAYMENT_WEBHOOK_SECRET = env("PAYMENT_WEBHOOK_SECRET", "whsec-dev-only")
    # Addresses/networks of the proxies whose X-Forwarded-For/-Proto are trusted
    # (comma-separated; nginx on this machine: 127.0.0.1). Empty: none.
    TRUSTED_PROXIES = env("TRUSTED_PROXIES", "")
    # One line per request (combined format): "-" standard output, a file, "" off.
    REQUEST_LOG = env("REQUEST_LOG", "-")
    # /readyz answers 503 while a configured Redis is down (0: report it only).
    READYZ_REQUIRE_REDIS = env("READYZ_REQUIRE_REDIS", "1") == "1"

    # Pictures (docs/media.md): a folder (default instance/media) or s3://bucket/prefix.
    MEDIA_STORAGE_URL = env("MEDIA_STORAGE_URL", "")
    MEDIA_S3_ENDPOINT_URL = env("MEDIA_S3_ENDPOINT_URL")
    MEDIA_S3_REGION = env("MEDIA_S3_REGION", "us-east-1")
    MEDIA_S3_ACCESS_KEY_ID = env("MEDIA_S3_ACCESS_KEY_ID")
    MEDIA_S3_SECRET_ACCESS_KEY = env("MEDIA_S3_SECRET_ACCESS_KEY")
    # Where browsers fetch stored files directly (a bucket or CDN); unset: /media/.
    MEDIA_PUBLIC_URL = env("MEDIA_PUBLIC_URL")
    MEDIA_MAX_BYTES = env_int("MEDIA_MAX_BYTES", 10 * 1024 * 1024)
    MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_PIXELS", 36_000_000)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # A sign-in without "remember me" ends on the server after this long.
    SESSION_LIFETIME = timedelta(hours=env_int("SESSION_HOURS", 24))
    WTF_CSRF_TIME_LIMIT = None
    HSTS = False

    API_TITLE = "Linchpin API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Page views are written in one batch this often (0: each view at once).
    STATS_FLUSH_SECONDS = float(env("STATS_FLUSH_SECONDS", "1"))
    # Anonymous readers' pages are kept this long at most (0: off; see
    # myapp/page_cache/). Several processes share tag versions through Redis.
    PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
    PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 16 * 1024 * 1024)
    PAGE_CACHE_REDIS_URL = env("PAGE_CACHE_REDIS_URL", "")
    PAGE_CACHE_REDIS_PREFIX = env("PAGE_CACHE_REDIS_PREFIX", "linchpin:page-cache")
    # What anonymous cached pages tell caches in front (nginx, a CDN): keep a
    # page this many seconds, and serve it this much longer while refreshing.
    PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", 5)
    PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)
    # Bench mode: X-SQL-Count on every response. Off in normal use (no cost).
    SQL_COUNT_HEADER = env("SQL_COUNT_HEADER", "0") == "1"

    @classmethod
    def validate(cls, config: dict) -> None:
        """Refuse settings that would be unsafe in this environment."""


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    LINCHPIN_ENV = "testing"
    TESTING = True
    REQUIRE_2FA_FOR_STAFF = False  # tests that need it turn it on
    TWO_FACTOR_RATE_LIMIT = "10000 per minute"
    SECRET_KEY = "testing-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = env("TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    # Limits stay on in tests, set high; a test lowers one to see a 429.
    AUTH_RATE_LIMIT = "10000 per minute"
    API_RATE_LIMIT = "10000 per minute"
    API_ANON_RATE_LIMIT = "10000 per minute"
    PAYMENT_WEBHOOK_RATE_LIMIT = "10000 per minute"
    SUBMISSION_RATE_LIMIT = "10000 per minute"
    LINKCHECK_TIMEOUT = 1.0
    LINKCHECK_HOST_DELAY = 0.0
    # Webhook receivers live on 127.0.0.1 too; tests of the address rule turn it off.
    OUTBOUND_ALLOW_PRIVATE = True
    OUTBOUND_TIMEOUT = 2.0
    # A port nothing answers on: no test's DNS query ever leaves the machine.
    DNS_NAMESERVER = "127.0.0.1:9"
    DNS_TIMEOUT = 0.3
    SITE_WATCH_NAME_SERVERS = False  # tests with a DNS server turn it on
    COMMENT_RATE_LIMIT = "10000 per minute"
    SUBSCRIBE_RATE_LIMIT = "10000 per minute"
    CONFIRM_RESEND_RATE_LIMIT = "10000 per minute"
    REVIEW_RATE_LIMIT = "10000 per minute"
    REVIEW_REPORT_RATE_LIMIT = "10000 per minute"
    SCHEDULE_DIGEST_SECONDS = 0  # tests run digests themselves
    RATELIMIT_STORAGE_URI = "memory://"
    STATS_FLUSH_SECONDS = 0  # tests read counts right after the request
    REQUEST_LOG = ""  # off unless a test asks for it
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None
    SITE_URL = "http://localhost"
    OUTBOX_DELIVER_ON_COMMIT = True  # e-mails are in MAIL_OUTBOX after the commit
    QUEUE_URL = ""


class ProductionConfig(Config):
    LINCHPIN_ENV = "production"
    REQUIRE_2FA_FOR_STAFF = env("REQUIRE_2FA_FOR_STAFF", "1") == "1"
    # Off only for a plain-http rehearsal on 127.0.0.1, never on a public site.
    SESSION_COOKIE_SECURE = env("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS = True
    # Requests for any other Host answer 400. Default: SITE_URL's host only.
    TRUSTED_HOSTS = env_list("TRUSTED_HOSTS")

    @classmethod
    def validate(cls, config: dict) -> None:
        key = config.get("SECRET_KEY") or ""
        if key == DEFAULT_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; "
                "print(secrets.token_hex(32))')."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(app, config=None) -> None:
    """Load a config class, or LINCHPIN_ENV's class plus a mapping of overrides."""
    if isinstance(config, type):
        base, config = config, None
    else:
        name = (config or {}).get("LINCHPIN_ENV") or env("LINCHPIN_ENV", "development")
        base = CONFIGS[name]
    app.config.from_object(base)
    if config:
        app.config.update(config)
    # Redis down: count limits in this process's memory instead of failing
    # (logged; Redis is tried again after 1, 2, 4 ... 32 seconds).
    storage = app.config["RATELIMIT_STORAGE_URI"] or "memory://"
    app.config.setdefault(
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", not storage.startswith("memory")
    )
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("mysql"):
        options = {
            "pool_pre_ping": True,
            "pool_recycle": 280,
            "isolation_level": "READ COMMITTED",
        }
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **options,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
        if "charset=" not in uri:
            sep = "&" if "?" in uri else "?"
            app.config["SQLALCHEMY_DATABASE_URI"] = f"{uri}{sep}charset=utf8mb4"
    elif uri.startswith("sqlite") and uri not in ("sqlite://", "sqlite:///:memory:"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"timeout": 30},
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    if app.config["LINCHPIN_ENV"] == "production" and not app.config.get(
        "TRUSTED_HOSTS"
    ):
        app.config["TRUSTED_HOSTS"] = trusted_hosts_for(app.config["SITE_URL"])
    base.validate(app.config)
