"""API tokens and the current user."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.api.caching import etag
from myapp.auth import schemas, services
from myapp.extensions import limiter
from myapp.schemas import Extended
from myapp.web import auth_rate_limit


@bp.post("/tokens")
@limiter.limit(auth_rate_limit, override_defaults=False)  # on top of the API budget
@bp.arguments(schemas.TokenCreateIn)
@bp.response(201, schemas.TokenCreatedOut)
@bp.alt_response(401, description="Wrong e-mail or password.")
def create_token(data):
    """Create a personal API token from an e-mail and password; shown once."""
    user = services.authenticate(data["email"], data["password"])
    token, plain = services.create_token(user, data)
    location = url_for("api.me", _external=False)
    return Extended(token, token=plain), 201, {"Location": location}


@bp.delete("/tokens/<id:token_id>")
@token_required
@bp.response(204)
@bp.doc(security=BEARER)
def delete_token(token_id):
    """Revoke one of your tokens."""
    services.revoke_token(api_user(), token_id)


@bp.get("/me")
@token_required
@etag
@bp.response(200, schemas.UserOut)
@bp.doc(security=BEARER)
def me():
    """The user the token belongs to."""
    return api_user()
