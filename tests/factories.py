"""Plain functions that make test objects through the real services."""

import itertools

from myapp.auth import services as auth_services

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(role="member", email=None, name=None, password=PASSWORD):
    n = next(_seq)
    data = {
        "email": email or f"user{n}@example.com",
        "name": name or f"User {n}",
        "password": password,
    }
    return auth_services.create_user(data, role=role)


def make_article(author, title=None, body=None, **fields):
    """A published article unless `status` says otherwise."""
    from myapp.articles import services as article_services

    n = next(_seq)
    data = {
        "title": title or f"Article {n}",
        "body": body or f"The first paragraph of article {n}.\n\nMore text.",
        "status": "published",
        **fields,
    }
    return article_services.create_article(author, data)


def make_comment(article, actor=None, signals=None, **fields):
    """A comment through the real rules (a visitor's first one is pending)."""
    from myapp.comments import services as comment_services

    n = next(_seq)
    data = {
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.net",
        "body": f"Comment number {n}.",
        **fields,
    }
    return comment_services.create_comment(actor, article, data, signals)


def approve(comment, moderator):
    from myapp.comments import services as comment_services

    return comment_services.moderate_comment(moderator, comment, "approved")
