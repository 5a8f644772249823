"""Comments: an article's thread, posting, and moderation."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.articles import services as article_services
from myapp.comments import services
from myapp.comments.schemas import (
    CommentIn,
    CommentOut,
    CommentPage,
    CommentQuery,
    CommentStatusIn,
)
from myapp.extensions import limiter


@bp.get("/articles/<slug>/comments")
@bp.arguments(CommentQuery, location="query")
@bp.response(200, CommentPage)
def list_comments(args, slug):
    """A published article's approved comments, oldest first."""
    article = article_services.get_public_article(slug)
    return services.approved_comments(article, args["cursor"], args["limit"])


@bp.post("/articles/<slug>/comments")
@limiter.shared_limit(services.comment_rate_limit, scope="comments")
@bp.arguments(CommentIn)
@bp.response(201, CommentOut)
@bp.alt_response(429, description="Too many comments from this client.")
def create_comment(data, slug):
    """Comment on a published article; `status` says if it waits for moderation."""
    article = article_services.get_public_article(slug)
    comment = services.create_comment(api_user(), article, data)
    location = url_for("api.get_comment", comment_id=comment.id)
    return comment, 201, {"Location": location}


@bp.get("/comments/<id:comment_id>")
@bp.response(200, CommentOut)
def get_comment(comment_id):
    """One comment: anyone once approved, editors whatever its status."""
    return services.get_comment(comment_id, api_user())


@bp.patch("/comments/<id:comment_id>")
@token_required
@bp.arguments(CommentStatusIn)
@bp.response(200, CommentOut)
@bp.alt_response(403, description="Editors only.")
@bp.doc(security=BEARER)
def moderate_comment(data, comment_id):
    """Approve, mark spam, trash or hold a comment (editors and up)."""
    comment = services.get_comment(comment_id, api_user())
    return services.moderate_comment(api_user(), comment, data["status"])
