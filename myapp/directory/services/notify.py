"""E-mails to listing owners, written to the outbox in the caller's transaction.

A template that fails to render is logged and the action goes on; a message
that fails later (SMTP down, a bad header) stays visible on its outbox row.
"""

import logging

from flask import current_app

from myapp import mail

log = logging.getLogger(__name__)


def _site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def _send(to: str, subject: str, template: str, **context) -> None:
    try:
        mail.send(to, subject, template, site=_site(), **context)
    except Exception:  # a broken template must not undo the member's action
        log.exception("Could not send %s to %s", template, to)


def bank_lines() -> list[str]:
    """BANK_DETAILS as lines ("\\n" in the variable breaks a line)."""
    details = current_app.config["BANK_DETAILS"] or ""
    return [line.strip() for line in details.replace("\\n", "\n").splitlines()]


def submission_received(listing, order=None) -> None:
    _send(
        listing.owner.email,
        f"We received your listing “{listing.name}”",
        "listing_submitted",
        listing=listing,
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
    _send(
        listing.owner.email,
        f"“{listing.name}” is now listed",
        "listing_approved",
        listing=listing,
    )


def rejected(listing) -> None:
    _send(
        listing.owner.email,
        f"“{listing.name}” was not accepted",
        "listing_rejected",
        listing=listing,
    )


def suspended(listing) -> None:
    _send(
        listing.owner.email,
        f"“{listing.name}” has been suspended",
        "listing_suspended",
        listing=listing,
    )


def payment_received(order) -> None:
    _send(
        order.user.email,
        f"Payment received for order {order.reference}",
        "payment_received",
        order=order,
        listing=order.listing,
    )


def renewal_reminder(listing, days: int) -> None:
    _send(
        listing.owner.email,
        f"“{listing.name}” expires in {days} days",
        "renewal_reminder",
        listing=listing,
        days=days,
    )


def expired(listing) -> None:
    _send(
        listing.owner.email,
        f"“{listing.name}” has expired",
        "listing_expired",
        listing=listing,
    )


def edit_reviewed(listing, revision) -> None:
    verdict = "approved" if revision.status == "approved" else "not accepted"
    _send(
        listing.owner.email,
        f"Your changes to “{listing.name}” were {verdict}",
        "edit_reviewed",
        listing=listing,
        revision=revision,
    )
