"""E-mails on moderators' decisions, written to the outbox in their transaction."""

from flask import current_app

from myapp import mail


def _send(to: str, subject: str, template: str, **context) -> None:
    site = current_app.config["SITE_URL"].rstrip("/")
    mail.send(to, subject, template, site=site, **context)


def decided(row, kind: str, action: str) -> None:
    """Tell the writer (and, for a published review, the owner) what was decided."""
    if action == "spam":
        return  # nobody is told a text was taken for spam
    review = row if kind == "review" else row.review
    listing = review.listing
    verdict = "published" if action == "approve" else "not published"
    what = "review" if kind == "review" else "reply to a review"
    _send(
        row.user.email,
        f"Your {what} of “{listing.name}” was {verdict}",
        "review_decided",
        row=row,
        kind=kind,
        action=action,
        listing=listing,
        user=row.user,
    )
    if kind == "review" and action == "approve":
        _send(
            listing.owner.email,
            f"A new review of “{listing.name}”",
            "review_new",
            review=review,
            listing=listing,
        )
