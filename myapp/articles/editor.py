"""The editor's pages: the article list, write/edit with preview, status actions."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from myapp.articles import bp, queries, services
from myapp.articles.models import STATUSES
from myapp.articles.schemas import ArticleIn
from myapp.formatting import local_input, utc_from_input
from myapp.policy import authorize
from myapp.web import post_form


def _values(article) -> dict:
    """The form's values for an existing article."""
    when = article.published_at
    return {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary or "",
        "body": article.body,
        "tags": ", ".join(tag.name for tag in article.tags),
        "status": article.display_status,
        "published_at": local_input(when),
        "lead_image_id": article.lead_image.media_id if article.lead_image else "",
        "lead_image_alt": article.lead_image.alt if article.lead_image else "",
    }


def _form(article, values, errors=None, preview=None, status=200):
    return render_template(
        "articles/edit.html",
        article=article,
        form=values,
        errors=errors or {},
        preview=preview,
        statuses=STATUSES,
    ), status


def _save(article):
    """Preview, or validate and save; re-render with errors (422) when needed."""
    if "preview" in request.form:
        html = services.preview_html(request.form.get("body", ""))
        return _form(article, request.form, preview=html)
    # The editor types the time in the site's zone; the schema takes UTC.
    form = request.form.copy()
    if form.get("published_at"):
        form["published_at"] = utc_from_input(form["published_at"])
    post = post_form(
        ArticleIn(),
        lambda data: services.save_article(current_user, article, data),
        form=form,
    )
    if not post.ok:
        return _form(article, request.form, post.errors, status=422)
    article = post.result
    flash(f"Saved “{article.title}” ({article.display_status}).", "success")
    return redirect(url_for("articles.edit", article_id=article.id))


@bp.get("/admin/articles")
@login_required
def manage():
    """Articles to manage: editors see all, authors their own; filter by status."""
    status = request.args.get("status")
    status = status if status in STATUSES else None
    page = queries.managed_articles(
        current_user, status, request.args.get("cursor") or None
    )
    offered = {a.id: services.offered_actions(current_user, a) for a in page.items}
    return render_template(
        "articles/manage.html",
        page=page,
        status=status,
        statuses=STATUSES,
        offered=offered,
    )


@bp.route("/admin/articles/new", methods=["GET", "POST"])
@login_required
def new():
    """Write an article, with a server-side preview."""
    authorize(current_user, "article.create")
    if request.method == "GET":
        return _form(None, {"status": "draft"})
    return _save(None)


@bp.route("/admin/articles/<id:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id):
    """Edit an article (authors their own, editors any)."""
    article = services.get_article(article_id, current_user)
    authorize(current_user, "article.edit", article)
    if request.method == "GET":
        return _form(article, _values(article))
    return _save(article)


@bp.post("/admin/articles/<id:article_id>/publish")
@login_required
def publish(article_id):
    """Publish now (also brings a scheduled article forward)."""
    article = services.get_article(article_id, current_user)
    services.publish_article(current_user, article)
    flash(f"Published “{article.title}”.", "success")
    return redirect(url_for("articles.manage"))


@bp.post("/admin/articles/<id:article_id>/archive")
@login_required
def archive(article_id):
    """Take an article off the site, keeping it."""
    article = services.get_article(article_id, current_user)
    services.archive_article(current_user, article)
    flash(f"Archived “{article.title}”.", "success")
    return redirect(url_for("articles.manage"))


@bp.route("/admin/articles/<id:article_id>/delete", methods=["GET", "POST"])
@login_required
def delete(article_id):
    """Ask, then delete an article and its comments for good."""
    article = services.get_article(article_id, current_user)
    authorize(current_user, "article.delete", article)
    if request.method == "GET":
        return render_template("articles/delete.html", article=article)
    title = article.title
    services.delete_article(current_user, article)
    flash(f"Deleted “{title}”.", "success")
    return redirect(url_for("articles.manage"))
