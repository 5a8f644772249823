"""What a viewer may do with a listing, for the pages that offer the buttons.

The same rules the services apply when the button is pressed: a page never
offers what the service would refuse.
"""

from dataclasses import dataclass

from myapp.directory.billing.orders import renewal_refusal, upgrade_plans
from myapp.directory.catalogue.plans import list_plans
from myapp.directory.listings import lifecycle
from myapp.directory.models import AWAITING_PAYMENT, PENDING, REJECTED, Listing
from myapp.policy import can


@dataclass(frozen=True)
class ListingActions:
    edit: bool  # the edit form is open to the viewer
    edit_waits: bool  # the viewer's edit waits for an editor's review
    renew: bool
    upgrade: bool


def may_edit(viewer, listing: Listing) -> bool:
    """Owners and editors; a rejected listing only by editors."""
    return can(viewer, "listing.edit", listing) and (
        listing.status != REJECTED or can(viewer, "listing.review")
    )


def edit_waits_for_review(viewer, listing: Listing) -> bool:
    """An owner's change to a reviewed listing waits; editors' changes do not."""
    return not can(viewer, "listing.review") and listing.status not in (
        AWAITING_PAYMENT,
        PENDING,
    )


def listing_actions(viewer, listings: list[Listing]) -> dict[int, ListingActions]:
    """Edit, renew and upgrade per listing id (the plans are read once, if needed)."""
    renewers = any(can(viewer, "listing.renew", listing) for listing in listings)
    offered = list_plans() if renewers else []
    return {listing.id: _actions(viewer, listing, offered) for listing in listings}


def _actions(viewer, listing: Listing, offered) -> ListingActions:
    term = can(viewer, "listing.renew", listing)
    return ListingActions(
        edit=may_edit(viewer, listing),
        edit_waits=edit_waits_for_review(viewer, listing),
        renew=term and renewal_refusal(listing) is None,
        upgrade=term
        and lifecycle.can_apply(listing, "upgrade")
        and bool(upgrade_plans(listing, offered)),
    )
