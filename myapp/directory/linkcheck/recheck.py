"""An editor's "check again" on one listing's link, from the moderation inbox.

The same checker and the same rules as `flask directory check-links`: a
success clears the problem at once, a failure counts as one more strike.
"""

from dataclasses import dataclass

from myapp.audit.services import record
from myapp.database import unit_of_work
from myapp.directory.linkcheck.checker import HostGate, Target, check
from myapp.directory.linkcheck.results import record_result, settings_from_config
from myapp.directory.models import Listing
from myapp.errors import StateError
from myapp.extensions import db
from myapp.policy import authorize


@dataclass(frozen=True)
class Recheck:
    listing: Listing
    ok: bool
    note: str
    backlink_ok: bool | None

    def sentence(self) -> str:
        """What the editor reads: the outcome in words, the site's answer after."""
        site = f"The site of {self.listing.name}"
        if not self.ok:
            return f"{site} still does not answer as it should: {self.note}."
        if self.backlink_ok is False:
            return f"{site} answers again, but the link back to us is missing."
        return f"{site} answers again; its link problem is cleared."


@unit_of_work
def recheck_link(actor, listing: Listing) -> Recheck:
    """Check the listing's site (and backlink) now and store what was found."""
    authorize(actor, "listing.review")
    if not listing.is_public:
        raise StateError(f"{listing.name} is not live, so its link is not checked.")
    target = Target(listing.id, listing.url, bool(listing.plan.backlink_required))
    settings = settings_from_config()
    result = check(target, settings, HostGate(0))
    status = record_result(result)
    db.session.refresh(listing)
    record(actor, "listing.recheck", listing, f"{status}: {result.note}".rstrip(": "))
    return Recheck(listing, result.ok, result.note, result.backlink_ok)
