"""E-mails to comment writers, written to the outbox in the moderator's transaction.

A writer whose comment waited for moderation hears when it is published.
Comments put in the bin or marked spam get no e-mail: their addresses are
often made up, and a reply would confirm to a spammer that someone reads them.
"""

from flask import current_app

from myapp import mail


def published(comment) -> None:
    """Tell the writer their comment is on the article now."""
    site = current_app.config["SITE_URL"].rstrip("/")
    mail.send(
        comment.author_email,
        f"Your comment on “{comment.article.title}” is published",
        "comment_published",
        comment=comment,
        link=f"{site}/articles/{comment.article.slug}#comment-{comment.id}",
    )
