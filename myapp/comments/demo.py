"""Demo comments on the sample articles: a few approved ones and a reply."""

import click
from sqlalchemy import func, select

from myapp.articles import services as article_services
from myapp.articles.demo_content import COMMENTS
from myapp.comments import services
from myapp.comments.models import Comment
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
        for sample in samples:
            data = {k: v for k, v in sample.items() if k != "reply_to"}
            if "reply_to" in sample:
                data["parent_id"] = made[sample["reply_to"]].id
            staff = data["author_email"] == admin.email
            comment = services.create_comment(admin if staff else None, article, data)
            if comment.status != "approved":
                services.moderate_comment(admin, comment, "approved")
            made.append(comment)
            added += 1
    click.echo(f"Sample comments: {added} added.")
