"""The health checks a load balancer polls."""

from flask import current_app, render_template
from sqlalchemy import text

from myapp.core import bp
from myapp.extensions import db


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """The database answers; 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready"
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get("/api/docs")
def api_docs():
    """The API reference: the OpenAPI document rendered by Swagger UI.

    Without JavaScript the page still lists every operation and links the
    document itself; the viewer (vendored in static/, no CDN) enhances it.
    """
    document = current_app.extensions["linchpin_api"].spec.to_dict()
    operations = [
        (method.upper(), path, operation.get("summary", ""))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    return render_template(
        "core/api_docs.html", document=document, operations=operations
    )
