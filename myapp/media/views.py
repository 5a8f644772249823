"""Serving stored files: by the app in development (nginx serves the folder in
production), or read through from a bucket that is not public."""

from flask import Response, abort, request

from myapp.media import bp
from myapp.media.storage import IMMUTABLE, KEY, content_type, storage


@bp.get("/media/<path:key>")
def file(key):
    """A processed image; its name is its content's hash, so it never changes.

    Read whole (a rendition is a few hundred kB at most) rather than streamed,
    so no file handle outlives the request.
    """
    if not KEY.match(key):
        abort(404)
    data = storage().get(key)
    if data is None:
        abort(404)
    response = Response(data, mimetype=content_type(key))
    response.set_etag(key.rsplit("/", 1)[1].split(".")[0])
    response.headers["Content-Disposition"] = "inline"
    return response.make_conditional(request)


@bp.after_app_request
def keep_files_cacheable(response):
    """Files are public even for a signed-in reader (security.py says no-store
    to signed-in pages; this hook runs after it)."""
    if request.endpoint == "media.file" and response.status_code in (200, 304):
        response.headers["Cache-Control"] = IMMUTABLE
    return response
