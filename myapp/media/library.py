"""The authors' media library: upload, see one's own images, copy their Markdown."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.media import bp, services
from myapp.media.schemas import MediaUploadIn, markdown_of
from myapp.policy import authorize
from myapp.web import form_page, post_form


@bp.app_template_global("media_picture")
def media_picture(media) -> dict:
    return services.picture(media)


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
