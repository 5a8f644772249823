"""The thread and Leave a Reply form on article pages, and the moderation page."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.articles import services as article_services
from myapp.articles.pages import article_page_part, render_article_page
from myapp.comments import bp, services, spam
from myapp.comments.models import STATUSES
from myapp.comments.schemas import BulkModerationIn, CommentIn
from myapp.errors import NotFoundError
from myapp.extensions import csrf, limiter
from myapp.page_cache import fresh, personal
from myapp.policy import authorize
from myapp.web import post_form, safe_next


@article_page_part
def comments_part(article) -> tuple[str, dict]:
    """The comment thread and the reply form under every article."""
    roots, comments = services.approved_thread(article)
    form = {}
    if current_user.is_authenticated:
        form = {
            "author_name": personal("name", lambda: current_user.name),
            "author_email": personal("email", lambda: current_user.email),
        }
    reply_to = request.args.get("reply_to", type=int)
    return "comments/_section.html", {
        "thread": roots,
        "comment_count": len(comments),
        "comment_names": {c.id: c.author_name for c in comments},
        "comment_form": form,
        "comment_errors": {},
        "comment_token": fresh(spam.form_token_minter()),
        "honeypot": spam.HONEYPOT,
        "reply_to": reply_to,
    }


@bp.post("/articles/<slug>/comments")
@csrf.exempt
@limiter.shared_limit(services.comment_rate_limit, scope="comments")
def create(slug):
    """Post a comment or reply; the form comes back with errors (422) if needed.

    CSRF is checked for signed-in readers only: a forged post from a reader
    who is not signed in can say nothing its sender could not post directly,
    and the anonymous page carries no token, so it needs no session.
    """
    if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    article = article_services.get_public_article(slug)
    signals = spam.FormSignals(
        honeypot=request.form.get(spam.HONEYPOT, ""),
        token=request.form.get("form_token"),
    )
    post = post_form(
        CommentIn(),
        lambda data: services.create_comment(current_user, article, data, signals),
    )
    if post.ok:
        return _created(article, post.result)
    return render_article_page(
        article,
        comment_form=request.form,
        comment_errors=post.errors,
        comment_token=spam.retry_token(signals.token),
        reply_to=request.form.get("parent_id", type=int),
    ), 422


def _created(article, comment):
    target = url_for("articles.show", slug=article.slug)
    if comment.status == "approved":
        flash("Thank you: your comment is published.", "success")
        return redirect(f"{target}#comment-{comment.id}")
    # Spam and held comments read the same, so a bot learns nothing.
    flash("Thank you: your comment is awaiting moderation.", "info")
    return redirect(f"{target}#respond")


@bp.get("/admin/comments")
@login_required
def moderate():
    """The moderation queue: pending comments (or another status), oldest first."""
    status = request.args.get("status", "pending")
    return _queue_page(status if status in STATUSES else "pending")


def _queue_page(status: str, errors=None, code: int = 200):
    page = services.comments_with_status(
        current_user, status, request.args.get("cursor") or None
    )
    return render_template(
        "comments/moderate.html",
        comments=page,
        status=status,
        statuses=STATUSES,
        pending_count=services.count_pending(),
        errors=errors or {},
    ), code


# What a moderation did, as the flash message says it: "2 comments published".
MODERATED = {
    "approved": "published",
    "spam": "marked as spam",
    "trash": "moved to the bin",
    "pending": "back in the queue",
}


@bp.post("/admin/comments/<id:comment_id>/<status>")
@login_required
def moderate_one(comment_id, status):
    """Approve, mark spam or trash one comment, then go back to the queue."""
    authorize(current_user, "comment.moderate")
    if status not in STATUSES:
        raise NotFoundError()
    comment = services.get_comment(comment_id, current_user)
    services.moderate_comment(current_user, comment, status)
    flash(f"The comment by {comment.author_name} is {MODERATED[status]}.", "success")
    return redirect(safe_next(request.form.get("next"), "comments.moderate"))


@bp.post("/admin/comments/bulk")
@login_required
def moderate_bulk():
    """Apply one status to the ticked comments."""
    authorize(current_user, "comment.moderate")
    post = post_form(
        BulkModerationIn(),
        lambda data: (
            data["status"],
            services.moderate_comments(current_user, data["ids"], data["status"]),
        ),
    )
    if not post.ok:
        return _queue_page("pending", post.errors, 422)
    status, changed = post.result
    noun = "comment" if changed == 1 else "comments"
    flash(f"{changed} {noun} {MODERATED[status]}.", "success")
    return redirect(safe_next(request.form.get("next"), "comments.moderate"))
