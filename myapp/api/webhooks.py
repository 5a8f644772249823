"""Webhook endpoints and their delivery logs (admins)."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, requires, token_required
from myapp.webhooks import schemas, services


@bp.get("/webhooks")
@token_required
@requires("webhook.manage")
@bp.response(200, schemas.EndpointListOut)
@bp.doc(security=BEARER)
def list_webhooks():
    """Every registered endpoint (admins)."""
    return {"items": services.list_endpoints(api_user())}


@bp.post("/webhooks")
@token_required
@requires("webhook.manage")
@bp.arguments(schemas.EndpointIn)
@bp.response(201, schemas.EndpointSecretOut)
@bp.doc(security=BEARER)
def create_webhook(data):
    """Register an endpoint; the answer holds its signing secret, shown only now."""
    endpoint, _ = services.create_endpoint(api_user(), data)
    location = url_for("api.get_webhook", endpoint_id=endpoint.id)
    return endpoint, 201, {"Location": location}  # EndpointSecretOut shows .secret


@bp.get("/webhooks/<id:endpoint_id>")
@token_required
@requires("webhook.manage")
@bp.response(200, schemas.EndpointOut)
@bp.doc(security=BEARER)
def get_webhook(endpoint_id):
    """One endpoint (the secret is never shown again)."""
    return services.get_endpoint(api_user(), endpoint_id)


@bp.patch("/webhooks/<id:endpoint_id>")
@token_required
@requires("webhook.manage")
@bp.arguments(schemas.EndpointPatchIn)
@bp.response(200, schemas.EndpointOut)
@bp.doc(security=BEARER)
def update_webhook(data, endpoint_id):
    """Change an endpoint; `active: true` switches a disabled one on again."""
    endpoint = services.get_endpoint(api_user(), endpoint_id)
    return services.update_endpoint(api_user(), endpoint, data)


@bp.delete("/webhooks/<id:endpoint_id>")
@token_required
@requires("webhook.manage")
@bp.response(204)
@bp.doc(security=BEARER)
def delete_webhook(endpoint_id):
    """Delete an endpoint and its log; events queued for it are dropped."""
    services.delete_endpoint(api_user(), services.get_endpoint(api_user(), endpoint_id))


@bp.post("/webhooks/<id:endpoint_id>/rotate-secret")
@token_required
@requires("webhook.manage")
@bp.response(200, schemas.EndpointSecretOut)
@bp.doc(security=BEARER)
def rotate_webhook_secret(endpoint_id):
    """Replace the signing secret; the new one is in the answer, shown only now."""
    endpoint = services.get_endpoint(api_user(), endpoint_id)
    services.rotate_secret(api_user(), endpoint)
    return endpoint


@bp.post("/webhooks/<id:endpoint_id>/test")
@token_required
@requires("webhook.manage")
@bp.response(202, schemas.TestEventOut)
@bp.doc(security=BEARER)
def test_webhook(endpoint_id):
    """Queue a `webhook.test` event to this endpoint; see its deliveries."""
    endpoint = services.get_endpoint(api_user(), endpoint_id)
    return services.send_test_event(api_user(), endpoint)


@bp.get("/webhooks/<id:endpoint_id>/deliveries")
@token_required
@requires("webhook.manage")
@bp.arguments(schemas.DeliveryQuery, location="query")
@bp.response(200, schemas.DeliveryPage)
@bp.doc(security=BEARER)
def list_webhook_deliveries(args, endpoint_id):
    """The endpoint's delivery log, newest first: status code, time, answer."""
    endpoint = services.get_endpoint(api_user(), endpoint_id)
    return services.deliveries(api_user(), endpoint, args["cursor"], args["limit"])
