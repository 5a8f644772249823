"""The site's own HTML pages for errors: plain words, the layout, a way on."""

from flask import render_template, request
from jinja2 import TemplateNotFound

# What a person reads on an HTML error page: a plain title and a sentence
# (the JSON problem keeps the HTTP phrase and the technical detail).
PAGE_WORDS = {
    400: (
        "That did not work",
        "The page could not use what was sent. Go back, reload the page and try again.",
    ),
    403: (
        "You cannot open this page",
        "Your account does not have access to "
        "this page. If you think it should, ask the site's editors.",
    ),
    404: (
        "Page not found",
        "There is nothing at this address. It may have "
        "moved, or the link may have a typo.",
    ),
    405: (
        "That did not work",
        "This address cannot take what was sent. Open the page again and "
        "start from there.",
    ),
    410: ("This page is gone", "What was here has been removed for good."),
    413: ("That was too large", "What you sent is larger than the site accepts."),
    429: ("Too many tries", "You have sent this too often in a short time."),
    500: (
        "Something went wrong",
        "Something went wrong on our side. The error "
        "has been logged; please try again in a moment.",
    ),
    503: (
        "Temporarily unavailable",
        "The site cannot answer right now; please try again in a moment.",
    ),
}


def render_error_page(status: int, title: str, detail: str, retry_after=None):
    """The site's own page for an error: layout, plain words and a way on."""
    plain_title, sentence = PAGE_WORDS.get(status, (title, detail))
    context = {
        "status": status,
        "title": plain_title,
        "detail": sentence if detail is None else detail,
        "retry_in": _wait_words(retry_after),
        "kept": _kept_form() if status == 429 else {},
    }
    try:
        body = render_template(f"errors/{status}.html", **context)
    except TemplateNotFound:
        body = render_template("errors/default.html", **context)
    return body, status


def _wait_words(seconds: int | None) -> str:
    """60 → "1 minute"; 45 → "45 seconds" (None: "a minute")."""
    if not seconds:
        return "a minute"
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    return f"{-(-seconds // 60)} minutes"


def _kept_form() -> dict:
    """What a rate-limited form carried, to offer it again (never passwords)."""
    if request.method != "POST":
        return {}
    return {
        key: value
        for key, value in request.form.items()
        if key != "csrf_token" and "password" not in key
    }
