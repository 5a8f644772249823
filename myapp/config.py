"""Configuration classes, chosen by LINCHPIN_ENV and filled from the environment."""

import os
from datetime import timedelta

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

    MAIL_SERVER = env("MAIL_SERVER")
    MAIL_PORT = env_int("MAIL_PORT", 587)
    MAIL_USERNAME = env("MAIL_USERNAME")
    MAIL_PASSWORD = env("MAIL_PASSWORD")
    MAIL_USE_TLS = env("MAIL_USE_TLS", "1") == "1"
    MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "Linchpin <noreply@localhost>")
    MAIL_OUTBOX = env("MAIL_OUTBOX")  # default: <instance>/outbox

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
    # How to pay by bank transfer, shown with every unpaid order; "\n" breaks lines.
    BANK_DETAILS = env("BANK_DETAILS", DEFAULT_BANK_DETAILS)
    SUBMISSION_RATE_LIMIT = env("SUBMISSION_RATE_LIMIT", "20 per hour")
    DIRECTORY_PAGE_SIZE = env_int("DIRECTORY_PAGE_SIZE", 20)
    LINKCHECK_WORKERS = env_int("LINKCHECK_WORKERS", 8)
    LINKCHECK_TIMEOUT = float(env("LINKCHECK_TIMEOUT", "10"))
    LINKCHECK_HOST_DELAY = float(env("LINKCHECK_HOST_DELAY", "1.0"))
    LINKCHECK_ALLOW_PRIVATE = env("LINKCHECK_ALLOW_PRIVATE", "0") == "1"
    COMMENT_RATE_LIMIT = env("COMMENT_RATE_LIMIT", "5 per minute")
    # Comments containing one of these words (comma-separated) are marked spam;
    # unset: the shipped list (comments/spam.py DEFAULT_BLOCK_WORDS), "-": none.
    COMMENT_BLOCK_WORDS = env("COMMENT_BLOCK_WORDS", "")
    # A comment form sent back sooner than this after it was shown is spam.
    COMMENT_MIN_SECONDS = env_int("COMMENT_MIN_SECONDS", 3)
    COMMENT_FORM_MAX_AGE = 2 * 24 * 3600
    ARTICLES_PER_PAGE = 10
    PAYMENT_WEBHOOK_SECRET = env("PAYMENT_WEBHOOK_SECRET", "whsec-dev-only")
    PROXY_FIX_X_FOR = env_int("PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = env_int("PROXY_FIX_X_PROTO", 0)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    WTF_CSRF_TIME_LIMIT = None
    HSTS = False

    API_TITLE = "Linchpin API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Page views are written in one batch this often (0: each view at once).
    STATS_FLUSH_SECONDS = float(env("STATS_FLUSH_SECONDS", "1"))
    # Anonymous readers' pages are kept this long at most (0: off; see
    # page_cache.py). Several processes share one generation through Redis.
    PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
    PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 16 * 1024 * 1024)
    PAGE_CACHE_REDIS_URL = env("PAGE_CACHE_REDIS_URL", "")
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
    SECRET_KEY = "testing-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = env("TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    # Limits stay on in tests, set high; a test lowers one to see a 429.
    AUTH_RATE_LIMIT = "10000 per minute"
    API_RATE_LIMIT = "10000 per minute"
    API_ANON_RATE_LIMIT = "10000 per minute"
    SUBMISSION_RATE_LIMIT = "10000 per minute"
    LINKCHECK_TIMEOUT = 1.0
    LINKCHECK_HOST_DELAY = 0.0
    LINKCHECK_ALLOW_PRIVATE = True  # the tests' link targets live on 127.0.0.1
    COMMENT_RATE_LIMIT = "10000 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    STATS_FLUSH_SECONDS = 0  # tests read counts right after the request
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None
    SITE_URL = "http://localhost"


class ProductionConfig(Config):
    LINCHPIN_ENV = "production"
    # Off only for a plain-http rehearsal on 127.0.0.1, never on a public site.
    SESSION_COOKIE_SECURE = env("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS = True

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
    base.validate(app.config)
