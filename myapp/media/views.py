"""Serving stored files: by the app in development (nginx serves the folder in
production), or read through from the bucket when it is not public."""

import os

from flask import Response, abort, request, send_file

from myapp.media import bp
from myapp.media.storage import (
    IMMUTABLE,
    KEY,
    DiskStorage,
    content_type,
    storage,
)


@bp.get("/media/<path:key>")
def file(key):
    """A processed image; its name is its content's hash, so it never changes."""
    if not KEY.match(key):
        abort(404)
    store = storage()
    if isinstance(store, DiskStorage):
        path = os.path.join(store.root, key)
        if not os.path.isfile(path):
            abort(404)
        response = send_file(path, mimetype=content_type(key), conditional=True)
    else:
        data = store.get(key)
        if data is None:
            abort(404)
        response = Response(data, mimetype=content_type(key))
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.after_app_request
def keep_files_cacheable(response):
    """Files are public even for a signed-in reader (security.py says no-store
    to signed-in pages; this hook runs after it)."""
    if request.endpoint == "media.file" and response.status_code in (200, 304):
        response.headers["Cache-Control"] = IMMUTABLE
    return response
