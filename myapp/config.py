"""Configuration classes, chosen by LINCHPIN_ENV and filled from the environment."""

import os
from datetime import timedelta

DEFAULT_SECRET_KEY = "dev-only-change-me"


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
    COMMENT_RATE_LIMIT = env("COMMENT_RATE_LIMIT", "5 per minute")
    # Comments containing one of these words (comma-separated) are marked spam.
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
    COMMENT_RATE_LIMIT = "10000 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None
    SITE_URL = "http://localhost"


class ProductionConfig(Config):
    LINCHPIN_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
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
