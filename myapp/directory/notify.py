"""E-mails to listing owners, written to the outbox in the caller's transaction.

A template that fails to render is logged and the action goes on; a message
that fails later (SMTP down, a bad header) stays visible on its outbox row.
"""

import logging

from flask import current_app

from myapp import mail
from myapp.directory.vocabulary import EDIT_APPROVED

log = logging.getLogger(__name__)


def _site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def _send(to: str, subject: str, template: str, **context) -> None:
    """Write the e-mail to the outbox in the action's transaction.

    A refused action rolls its rows back and tells nobody; a committed one
    is delivered by the worker.
    """
    try:
        mail.send(to, subject, template, site=_site(), **context)
    except Exception:  # a broken template must not undo the member's action
        log.exception("Could not send %s to %s", template, to)


def bank_lines() -> list[str]:
    """BANK_DETAILS as lines ("\\n" in the variable breaks a line)."""
    details = current_app.config["BANK_DETAILS"] or ""
    return [line.strip() for line in details.replace("\\n", "\n").splitlines()]


def _to_owner(listing, subject: str, template: str, **context) -> None:
    """A notice about a listing to its owner; `{name}` in the subject is its name."""
    subject = subject.replace("{name}", listing.name)  # a name may hold braces
    _send(listing.owner.email, subject, template, listing=listing, **context)


def submission_received(listing, order=None) -> None:
    _to_owner(
        listing,
        "We received your listing “{name}”",
        "listing_submitted",
        order=order,
        bank=bank_lines(),
    )


def order_created(order) -> None:
    _send(
        order.user.email,
        f"Order {order.reference}: how to pay",
        "order_created",
        order=order,
        bank=bank_lines(),
    )


def approved(listing) -> None:
    _to_owner(listing, "“{name}” is now listed", "listing_approved")


def rejected(listing) -> None:
    _to_owner(listing, "“{name}” was not accepted", "listing_rejected")


def suspended(listing) -> None:
    _to_owner(listing, "“{name}” has been suspended", "listing_suspended")


def reinstated(listing) -> None:
    _to_owner(listing, "“{name}” is listed again", "listing_reinstated")


def order_cancelled(order) -> None:
    _send(
        order.user.email,
        f"Order {order.reference} was cancelled",
        "order_cancelled",
        order=order,
    )


def expired(listing) -> None:
    _to_owner(listing, "“{name}” has expired", "listing_expired")


def renewal_reminder(listing, days: int) -> None:
    subject = f"“{{name}}” expires in {days} day{'' if days == 1 else 's'}"
    _to_owner(listing, subject, "renewal_reminder", days=days)


def edit_reviewed(listing, revision) -> None:
    verdict = "approved" if revision.status == EDIT_APPROVED else "not accepted"
    subject = f"Your changes to “{{name}}” were {verdict}"
    _to_owner(listing, subject, "edit_reviewed", revision=revision)


def payment_received(order) -> None:
    _send(
        order.user.email,
        f"Payment received for order {order.reference}",
        "payment_received",
        order=order,
        listing=order.listing,
    )
