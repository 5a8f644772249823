"""The objects and signed-in clients the access matrix test calls every route with."""

import itertools
from dataclasses import dataclass

from sqlalchemy import select

from myapp.auth import services as auth_services
from myapp.directory.listings import services as listing_services
from myapp.directory.models import Order
from myapp.extensions import db
from myapp.reviews import services as review_services
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
    review_id: int
    reply_id: int
    media: object = None  # the owner's upload, shown as the listing's logo
    image_id: int = 0
    claim_id: int = 0


WORLDS = itertools.count(1)


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
    # On a loopback address: an editor's "check again" refuses it, sending nothing.
    loopback = f"http://127.0.{next(WORLDS) % 250}.1:9/matrix-listing"
    listing = factories.make_listing(owner=owner, category=category, url=loopback)
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
    review = factories.make_review(listing, users["member"], status="approved")
    reply = review_services.save_reply(owner, review, {"body": "Thank you."})
    media = _media_on(listing, owner)
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
        review.id,
        reply.id,
        media,
        listing.images[0].id,
        claim.id,
    )


def _media_on(listing, owner):
    """The owner's upload, on the listing as its logo (set directly, as editors do)."""
    import io

    from myapp.media import services as media_services
    from myapp.media.listings import apply_images, entry
    from tests.media_samples import png

    media = media_services.upload_image(owner, io.BytesIO(png(40, 40)), "Logo")
    apply_images(listing, [entry(media, "logo", "The logo", 0)])
    db.session.commit()
    return media


def url_values(world: World, endpoint: str, arguments) -> dict:
    """Real objects for the route's URL parameters."""
    directory = endpoint.startswith(("directory.", "media.", "reviews."))
    values = {
        "slug": world.listing.slug
        if directory
        else "matrix"
        if endpoint in ("articles.tag", "articles.tag_feed")
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
        if endpoint in ("articles.author", "articles.author_feed")
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
        "media_id": world.media.id,
        "image_id": world.image_id,
        "key": world.media.sizes[0][2],
        "review_id": world.review_id,
        "reply_id": world.reply_id,
        "kind": "review",
        "row_id": world.review_id,
    }
    return {name: values[name] for name in arguments}


def acting_user(world: World, role: str, endpoint: str):
    """The user behind a role; the owner of an article is its writer."""
    if role == "visitor":
        return None
    if role == "owner" and (endpoint.startswith("articles.") or "article" in endpoint):
        return world.writer
    return world.users[role]
