"""E-mails about claims and suspect sites (outbox rows in the action's transaction)."""

from myapp.directory.notify import _send


def ownership_moved(listing, previous, claim) -> None:
    """Tell the previous owner that someone proved the domain and took over."""
    _send(
        previous.email,
        f"“{listing.name}” has a new owner on Linchpin",
        "claim_owner_changed",
        listing=listing,
        previous=previous,
        claim=claim,
    )


def site_looks_wrong(listing, watch) -> None:
    """Ask the owner to look at what their listed site now shows."""
    _send(
        listing.owner.email,
        f"Please check the site of “{listing.name}”",
        "site_suspect",
        listing=listing,
        watch=watch,
    )
