"""The authors' media library: upload, see one's own images, copy their Markdown."""

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.media import bp, services
from myapp.media.schemas import MediaUploadIn, markdown_of
from myapp.media.storage import url_of
from myapp.policy import authorize
from myapp.web import form_page, post_form


@bp.app_template_global("media_picture")
def media_picture(media) -> dict:
    return services.picture(media)


@bp.app_template_global("lead_image_url")
def lead_image_url(obj) -> str | None:
    """An absolute address of the lead image or logo, for feeds."""
    url = services.image_url_for(obj)
    if url and url.startswith("/"):
        return current_app.config["SITE_URL"].rstrip("/") + url
    return url


@bp.app_template_global("media_thumb")
def media_thumb(key: str) -> str:
    """The address of a stored file by its key (revisions keep keys, not rows)."""
    return url_of(key)


@bp.route("/account/media", methods=["GET", "POST"])
@login_required
def library():
    """Upload an image; list one's uploads with the Markdown to use them."""
    authorize(current_user, "media.upload")
    errors = {}
    if request.method == "POST":
        post = post_form(
            MediaUploadIn(),
            lambda data: services.upload_image(
                current_user, request.files.get("file"), data["alt"]
            ),
        )
        if post.ok:
            flash("Image uploaded: copy its Markdown below.", "success")
            return redirect(url_for("media.library"))
        errors = post.errors
    page = services.list_media(current_user, request.args.get("cursor"))
    return form_page("media/library.html", errors, page=page, markdown_of=markdown_of)


@bp.post("/account/media/<id:media_id>/delete")
@login_required
def delete(media_id):
    """Delete an unused upload."""
    media = services.get_media(media_id, current_user)
    post = post_form(
        MediaUploadIn(), lambda _: services.delete_media(current_user, media)
    )
    if post.ok:
        flash("Image deleted.", "success")
    else:
        flash(" ".join(post.errors.get("_schema", [])), "error")
    return redirect(url_for("media.library"))
