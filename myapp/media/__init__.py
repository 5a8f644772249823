"""Pictures: uploads processed into clean images, stored on disk or in S3.

models (MediaFile, ListingImage, ArticleImage), processing (Pillow), storage
(disk, S3), services (upload, list, delete, URLs), listings (a listing's logo
and photos, reviewed when live), markdown (images in articles), views (the
authors' library, the listing pictures form, serving files), commands (gc).
"""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, request

bp = Blueprint("media", __name__)

# Endpoints that take files: their bodies may be larger than MAX_CONTENT_LENGTH.
UPLOAD_SLOTS = {"api.upload_media": 1, "media.library": 1, "media.pictures": 4}


@bp.before_app_request
def allow_upload_size() -> None:
    """Raise the body limit for uploads only, before any form is parsed.

    Werkzeug then refuses a longer body from its Content-Length (413) without
    reading it, and spools accepted files to disk rather than memory.
    """
    slots = UPLOAD_SLOTS.get(request.endpoint or "")
    if slots and request.method == "POST":
        request.max_content_length = (
            current_app.config["MEDIA_MAX_BYTES"] * slots + 256 * 1024
        )


@bp.after_app_request
def allow_image_origin(response):
    """With MEDIA_PUBLIC_URL, pages may load images from that origin too."""
    public = current_app.config.get("MEDIA_PUBLIC_URL")
    csp = response.headers.get("Content-Security-Policy")
    if public and csp:
        parts = urlsplit(public)
        origin = f"{parts.scheme}://{parts.netloc}"
        response.headers["Content-Security-Policy"] = csp.replace(
            "img-src 'self'", f"img-src 'self' {origin}", 1
        )
    return response


from myapp.media import commands, library, pictures, views  # noqa: E402,F401
