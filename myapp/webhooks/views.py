"""Admin pages for webhook endpoints: register, change, test, and the delivery log."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.web import form_payload, post_form
from myapp.webhooks import bp, schemas, services
from myapp.webhooks.events import EVENT_TYPES


def _payload(schema) -> dict:
    """A form sends no unticked checkbox: "active" missing means off."""
    payload = form_payload(request.form, schema)
    payload["active"] = "active" in request.form
    payload.setdefault("events", [])
    return payload


def _save(schema, action):
    """Load the form and call the service: (result, errors)."""
    post = post_form(schema, action, payload=_payload(schema))
    return post.result, post.errors


def _shown_once(endpoint, secret):
    """The only page that shows a secret: never stored by a cache."""
    response = make_response(
        render_template("webhooks/secret.html", endpoint=endpoint, secret=secret)
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    """Every endpoint, and a form to register one."""
    endpoints = services.list_endpoints(current_user)
    errors = {}
    if request.method == "POST":
        created, errors = _save(
            schemas.EndpointIn(),
            lambda data: services.create_endpoint(current_user, data),
        )
        if created:
            return _shown_once(*created)
    return render_template(
        "webhooks/index.html",
        endpoints=endpoints,
        event_types=EVENT_TYPES,
        errors=errors,
        form=request.form,
    ), 422 if errors else 200


@bp.route("/<id:endpoint_id>", methods=["GET", "POST"])
@login_required
def show(endpoint_id):
    """One endpoint: its settings and its delivery log."""
    endpoint = services.get_endpoint(current_user, endpoint_id)
    errors = {}
    if request.method == "POST":
        saved, errors = _save(
            schemas.EndpointIn(),
            lambda data: services.update_endpoint(current_user, endpoint, data),
        )
        if saved:
            flash("Endpoint saved.", "success")
            return redirect(url_for("webhooks.show", endpoint_id=endpoint.id))
    log = services.deliveries(current_user, endpoint, request.args.get("cursor"))
    return render_template(
        "webhooks/show.html",
        endpoint=endpoint,
        log=log,
        event_types=EVENT_TYPES,
        errors=errors,
        form=request.form if errors else None,
    ), 422 if errors else 200


@bp.post("/<id:endpoint_id>/test")
@login_required
def send_test(endpoint_id):
    """Queue a test event; its result appears in the log."""
    endpoint = services.get_endpoint(current_user, endpoint_id)
    event = services.send_test_event(current_user, endpoint)
    flash(f"Test event {event['id']} queued; see the log below.", "success")
    return redirect(url_for("webhooks.show", endpoint_id=endpoint.id))


@bp.post("/<id:endpoint_id>/rotate")
@login_required
def rotate(endpoint_id):
    """Give the endpoint a new secret, shown once."""
    endpoint = services.get_endpoint(current_user, endpoint_id)
    return _shown_once(endpoint, services.rotate_secret(current_user, endpoint))


@bp.post("/<id:endpoint_id>/delete")
@login_required
def delete(endpoint_id):
    endpoint = services.get_endpoint(current_user, endpoint_id)
    services.delete_endpoint(current_user, endpoint)
    flash("Endpoint deleted; events still queued for it are dropped.", "success")
    return redirect(url_for("webhooks.index"))
