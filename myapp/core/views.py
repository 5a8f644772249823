"""The health checks a load balancer polls."""

from flask import current_app, render_template

from myapp.core import bp
from myapp.ops import dependencies


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Each dependency's state; 503 while a required one is down.

    {"status": "ok", "database": "ok", "redis (RATELIMIT_STORAGE_URI)": "ok"}
    """
    probes = dependencies.ready_probes()
    body = {p.name: "ok" if p.ok else "unreachable" for p in probes}  # no details
    ready = all(probe.ok for probe in probes if probe.required)
    status = {"status": "ok" if ready else "unavailable"}
    return {**status, **body}, 200 if ready else 503


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
