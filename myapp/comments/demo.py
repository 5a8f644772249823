"""Demo comments on the sample articles: a few approved ones and a reply.

`--comments N` adds N approved comments spread over the published articles
in bulk, a fifth of them replies (the benchmark's 50,000).
"""

import random
from datetime import timedelta

import click
from sqlalchemy import func, select

from myapp.articles import services as article_services
from myapp.articles.demo_content import COMMENTS
from myapp.articles.models import Article
from myapp.comments import services, spam
from myapp.comments.models import Comment
from myapp.database import utcnow
from myapp.demo_clock import at
from myapp.errors import NotFoundError
from myapp.extensions import db


def seed(admin, options: dict) -> None:
    """Add the sample comments to sample articles that have none yet."""
    added = 0
    for slug, samples in COMMENTS.items():
        try:
            article = article_services.get_public_article(slug)
        except NotFoundError:
            continue
        count = (
            select(func.count())
            .select_from(Comment)
            .where(Comment.article_id == article.id)
        )
        if db.session.scalar(count):
            continue
        made: list[Comment] = []
        for n, sample in enumerate(samples):
            data = {k: v for k, v in sample.items() if k != "reply_to"}
            if "reply_to" in sample:
                data["parent_id"] = made[sample["reply_to"]].id
            staff = data["author_email"] == admin.email
            # Written hours after the article and each other, approved an hour later.
            written = article.published_at + timedelta(hours=5 * (n + 1))
            with at(min(written, utcnow())):
                comment = services.create_comment(
                    admin if staff else None, article, data
                )
            if comment.status != "approved":
                with at(min(written + timedelta(hours=1), utcnow())):
                    services.moderate_comment(admin, comment, "approved")
            made.append(comment)
            added += 1
    click.echo(f"Sample comments: {added} added.")
    if options.get("comments"):
        generate(options["comments"])


REMARKS = [
    "Thanks, this saved me an afternoon.",
    "We tried the same and it worked well for a year.",
    "Could you say more about the backups part?",
    "Clear and to the point, as always.",
    "I would add monitoring to that list.",
]
BATCH = 5000


def generate(count: int, seed_value: int = 7) -> None:
    """Bulk-insert `count` approved comments on random published articles."""
    rng = random.Random(seed_value)
    articles = list(
        db.session.execute(
            select(Article.id, Article.published_at).where(Article.is_public)
        )
    )
    if not articles:
        return
    pairs = [(a, b) for a in REMARKS for b in REMARKS if a != b]
    bodies = [(f"{a} {b}", spam.render_body(f"{a} {b}")) for a, b in pairs]
    now = utcnow()
    next_id = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    last_on: dict[int, int] = {}
    for start in range(0, count, BATCH):
        rows = []
        for comment_id in range(next_id + start, next_id + min(count, start + BATCH)):
            article_id, published = rng.choice(articles)
            parent = last_on.get(article_id) if rng.random() < 0.2 else None
            body, body_html = rng.choice(bodies)
            written = published + timedelta(minutes=rng.randint(5, 9999))
            rows.append(
                {
                    "id": comment_id,
                    "article_id": article_id,
                    "parent_id": parent,
                    "author_name": f"Reader {comment_id % 997}",
                    "author_email": f"reader{comment_id % 997}@example.com",
                    "body": body,
                    "body_html": body_html,
                    "status": "approved",
                    "created_at": min(written, now),
                }
            )
            last_on[article_id] = comment_id
        db.session.execute(Comment.__table__.insert(), rows)
        db.session.commit()
    click.echo(f"Generated comments: {count} added.")
