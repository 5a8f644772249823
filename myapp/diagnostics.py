"""Bench mode: count the SQL statements of each request into an X-SQL-Count header."""

from flask import Flask, has_request_context, request
from sqlalchemy import event

from myapp.extensions import db

SQL_COUNT_HEADER = "X-SQL-Count"
# Kept in the WSGI environ: one per request even when requests share an app context.
ENVIRON_KEY = "linchpin.sql_count"


def _count_statement(*_args) -> None:
    # Statements outside a request (CLI, worker threads) are nobody's to count.
    if has_request_context():
        environ = request.environ
        environ[ENVIRON_KEY] = environ.get(ENVIRON_KEY, 0) + 1


def register_diagnostics(app: Flask) -> None:
    """Count statements per request when SQL_COUNT_HEADER is on; add nothing if off.

    Register before any other after_request hook: Flask runs them in reverse,
    so this one runs last and sees every statement of the request.
    """
    if not app.config["SQL_COUNT_HEADER"]:
        return
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _count_statement)

    @app.after_request
    def sql_count_header(response):
        response.headers[SQL_COUNT_HEADER] = str(request.environ.get(ENVIRON_KEY, 0))
        return response
