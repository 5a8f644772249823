"""Linchpin: a publishing site and a business/web directory in one Flask service."""

from flask import Flask

from myapp.config import load_config


def create_app(config=None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, commands."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    register_workers(app)
    return app


def register_extensions(app: Flask) -> None:
    from myapp import (  # noqa: F401
        csrf_tokens,
        extensions,
        mail,
        models,
        outbox,
        page_cache,
        session_cookies,
    )
    from myapp.database import configure_engine
    from myapp.stats import counting

    session_cookies.init_app(app)
    extensions.init_app(app)
    csrf_tokens.init_app(app)  # before the page cache marks it personal
    configure_engine(app)
    outbox.init_app(app)
    page_cache.init_app(app)
    counting.init_app(app)


def register_blueprints(app: Flask) -> None:
    from myapp import (
        admin,
        api,
        articles,
        audit,
        auth,
        comments,
        core,
        directory,
        media,
        outbox,
        reviews,
        stats,
        subscriptions,
        webhooks,
    )
    from myapp.auth import twofactor
    from myapp.converters import IdConverter

    app.url_map.converters["id"] = IdConverter  # `<id:...>`; plain `int` stays
    features = (core, auth, twofactor, audit, admin, stats, articles, comments)
    for feature in (
        *features,
        directory,
        media,
        reviews,
        outbox,
        webhooks,
        subscriptions,
    ):
        app.register_blueprint(feature.bp)
    api.init_app(app)


def register_hooks(app: Flask) -> None:
    from myapp.diagnostics import register_diagnostics
    from myapp.errors import register_error_handlers
    from myapp.extensions import skip_rate_limits_when
    from myapp.formatting import register_filters
    from myapp.input_guard import register_input_guard
    from myapp.policy import can
    from myapp.security import register_security
    from myapp.web import reads_without_limits

    register_diagnostics(app)  # first, so its after_request hook runs last
    register_security(app)
    register_input_guard(app)
    app.add_template_global(can, "can")  # templates show only permitted actions
    register_error_handlers(app)
    register_filters(app)
    skip_rate_limits_when(reads_without_limits, app)


def register_workers(app: Flask) -> None:
    """WORKER_IN_PROCESS=1 (make run): deliver the outbox from a thread here."""
    if app.config["WORKER_IN_PROCESS"]:
        from myapp.outbox import worker

        worker.start_thread(app)


def register_commands(app: Flask) -> None:
    from myapp.cli import register_cli
    from myapp.ops.cli import register_ops_cli

    register_cli(app)
    register_ops_cli(app)
