"""The objects and signed-in clients the access matrix test calls every route with."""

from dataclasses import dataclass

from sqlalchemy import select

from myapp.auth import services as auth_services
from myapp.directory.listings import services as listing_services
from myapp.directory.models import Order
from myapp.extensions import db
from myapp.webhooks import services as webhook_services
from tests import factories


@dataclass
class World:
    users: dict
    article: object
    comment: object
    category: object
    listing: object
    order: object
    revision: object
    token_id: int
    writer: object
    message_id: int
    job_id: int
    webhook_id: int
    claim_id: int = 0


def make_world() -> World:
    """One of each; `owner` owns the listing, order and token, `writer` the article."""
    users = {
        role: factories.make_user(role=kind)
        for role, kind in {
            "member": "member",
            "owner": "member",
            "other_member": "member",
            "author": "author",
            "editor": "editor",
            "admin": "admin",
        }.items()
    }
    factories.make_listing(owner=users["other_member"])  # owns something else
    writer = factories.make_user(role="author")
    article = factories.make_article(writer, tags=["matrix"])
    comment = factories.make_comment(article)
    category = factories.make_category()
    owner = users["owner"]
    listing = factories.make_listing(owner=owner, category=category)
    factories.make_listing(
        owner=owner, plan="standard", status="awaiting_payment", category=category
    )
    order = db.session.scalar(select(Order).where(Order.user_id == owner.id))
    _, revision, _ = listing_services.update_listing(
        owner, listing, {"description": "A changed description for the review queue."}
    )
    token, _ = auth_services.create_token(owner, {"name": "matrix", "scopes": ["read"]})
    message, job = (
        factories.make_dead_row("email"),
        factories.make_dead_row(
            "job.linkcheck", {"job": "linkcheck", "started_by": owner.id}
        ),
    )
    webhook, _ = webhook_services.create_endpoint(
        users["admin"], {"url": "http://127.0.0.1:9/matrix", "events": ["order.paid"]}
    )
    from myapp.directory.trust import claims, watches

    claim = claims.start_claim(owner, listing, {"method": "dns"})
    watches.watch_for(listing.id)
    db.session.commit()
    return World(
        users,
        article,
        comment,
        category,
        listing,
        order,
        revision,
        token.id,
        writer,
        message.id,
        job.id,
        webhook.id,
        claim.id,
    )


def url_values(world: World, endpoint: str, arguments) -> dict:
    """Real objects for the route's URL parameters."""
    directory = endpoint.startswith("directory.")
    values = {
        "slug": world.listing.slug
        if directory
        else "matrix"
        if endpoint == "articles.tag"
        else world.article.slug,
        "article_id": world.article.id,
        "comment_id": world.comment.id,
        "category_id": world.category.id,
        "category_path": world.category.slug,
        "listing_id": world.listing.id,
        "order_id": world.order.id,
        "reference": world.order.reference,
        "revision_id": world.revision.id,
        "claim_id": world.claim_id,
        "token_id": world.token_id,
        "passkey_id": 999999,  # nobody's: every signed-in role gets a 404
        "endpoint_id": world.webhook_id,
        "user_id": world.writer.id
        if endpoint == "articles.author"
        else world.users["member"].id,
        "code": "free",
        "status": "approved",
        "action": "approve",
        "token": "not-a-real-reset-token",
        "filename": "site.css",
        "name": "traffic",
        "message_id": world.message_id,
        "job_id": world.job_id,
        "job_name": "outbox_cleanup",
    }
    return {name: values[name] for name in arguments}


def acting_user(world: World, role: str, endpoint: str):
    """The user behind a role; the owner of an article is its writer."""
    if role == "visitor":
        return None
    if role == "owner" and (endpoint.startswith("articles.") or "article" in endpoint):
        return world.writer
    return world.users[role]
