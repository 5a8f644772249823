"""E-mail subscriptions: subscribe (double opt-in, like the form) and admins' counts."""

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, requires, token_required
from myapp.extensions import limiter
from myapp.subscriptions import schemas, services


@bp.post("/subscriptions")
@limiter.limit(services.subscribe_rate_limit, override_defaults=False)
@bp.arguments(schemas.SubscribeIn)
@bp.response(202, schemas.SubscribeOut)
def subscribe(data):
    """Ask for digests; a confirmation e-mail is sent, nothing else until it is used.

    The answer is the same for a new, waiting or subscribed address.
    """
    return {"detail": services.subscribe(api_user(), data)}


@bp.get("/subscriptions/counts")
@token_required
@requires("subscriptions.view_counts")
@bp.response(200, schemas.CountsOut)
@bp.doc(security=BEARER)
def subscription_counts():
    """Subscribers by state and frequency, and followers per topic (admins)."""
    return services.counts(api_user())
