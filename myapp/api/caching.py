"""ETags for GET responses: revalidation with If-None-Match answers 304."""

import hashlib
from functools import wraps

from flask import make_response, request

from myapp.api import bp


def etag(view):
    """Give a GET's 200 response a strong ETag from its body; 304 if it matches.

    Put it above `@bp.response` (it needs the serialised body):

        @bp.get("/articles/<slug>")
        @etag
        @bp.response(200, ArticleOut)
        def get_article(slug): ...

    The ETag hashes exactly the bytes sent, so it changes whenever anything in
    the representation does (including what this token's user may see), and
    the 304 is documented in OpenAPI with If-None-Match and the ETag header.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.set_etag(hashlib.sha256(response.get_data()).hexdigest())
            response.vary.add("Authorization")
            if "Cache-Control" not in response.headers:
                response.headers["Cache-Control"] = "no-cache"
            response.make_conditional(request)
        return response

    return bp.alt_response(304, response="NOT_MODIFIED", success=True)(wrapper)
