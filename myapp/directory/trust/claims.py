"""Claims by proof of domain: start one, check it, let an editor decide.

A verified claim moves the listing to the claimant (audit-logged, the
previous owner e-mailed), marks it "Verified owner" and puts the owner's
edits first in the review queue. The link checker re-checks the proof later
(`recheck_verified`); a proof that is gone marks the verification lost.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from myapp.audit.services import record
from myapp.database import unit_of_work, utcnow
from myapp.directory.trust import notices, proofs, tokens
from myapp.directory.trust.models import CLAIM_METHODS, ListingClaim, SiteWatch
from myapp.directory.trust.watches import watch_for
from myapp.errors import InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.policy import authorize, ensure_visible
from myapp.schemas import Extended

FAILURES = {
    None: "No verification token was found in {where}.",
    "wrong": "The token in {where} is not this claim's token.",
    "expired": "This claim's token has expired: start the claim again for a new one.",
    "other_listing": "The token in {where} belongs to a claim on another listing.",
}
WORST_FIRST = ("other_listing", "expired", "wrong")


@unit_of_work
def start_claim(actor, listing, data: dict) -> ListingClaim:
    """Start (or restart, with a fresh token) the actor's claim on a listing."""
    ensure_visible(actor, "listing.view", listing)
    authorize(actor, "listing.claim", listing)
    method = data.get("method")
    if method not in CLAIM_METHODS:
        raise InvalidInput("Choose dns, meta or file.", field="method")
    claim = db.session.scalar(
        select(ListingClaim).where(
            ListingClaim.listing_id == listing.id,
            ListingClaim.claimant_id == actor.id,
            ListingClaim.status == "open",
        )
    )
    if claim is None:
        claim = ListingClaim(listing_id=listing.id, claimant_id=actor.id)
        db.session.add(claim)
    claim.method, claim.token, claim.last_error = method, "", ""
    claim.created_at = utcnow()
    db.session.flush()
    claim.token = tokens.make_token(claim.id, listing.id)
    return claim


def current_claim(actor, listing) -> ListingClaim | None:
    """The actor's latest claim on the listing, for the claim page."""
    return db.session.scalar(
        select(ListingClaim)
        .where(
            ListingClaim.listing_id == listing.id,
            ListingClaim.claimant_id == actor.id,
        )
        .order_by(ListingClaim.id.desc())
        .limit(1)
    )


def get_claim(viewer, claim_id: int) -> ListingClaim:
    claim = db.session.get(ListingClaim, claim_id)
    if claim is None:
        raise NotFoundError("No such claim.")
    ensure_visible(viewer, "claim.view", claim)
    return claim


def claim_view(claim: ListingClaim) -> Extended:
    """The claim with what the owner needs: where to put the token, until when."""
    days = current_app.config["CLAIM_TOKEN_DAYS"]
    return Extended(
        claim,
        record=f"{tokens.PREFIX}{claim.token}",
        where=proofs.where(claim.method, claim.listing.url),
        expires_at=claim.created_at + timedelta(days=days),
    )


def _failure(method: str, url: str, found: list[str], claim) -> str:
    reasons = [tokens.judge(t, claim.id, claim.listing_id) for t in found]
    if None in reasons:
        return ""
    worst = next((r for r in WORST_FIRST if r in reasons), None)
    return FAILURES[worst].format(where=proofs.where(method, url))


@unit_of_work
def check_claim(actor, claim: ListingClaim) -> ListingClaim:
    """Look for the token now; a found one verifies the claim (or sends it to
    an editor when CLAIMS_NEED_REVIEW). A miss is stored as `last_error`."""
    ensure_visible(actor, "claim.view", claim)
    authorize(actor, "claim.check", claim)
    if claim.status != "open":
        raise StateError("This claim has already been decided.")
    claim.checked_at = utcnow()
    try:
        found = proofs.tokens_found(claim.method, claim.listing.url)
    except proofs.ProofUnavailable as exc:
        claim.last_error = f"Could not look: {exc}"[:300]
        return claim
    claim.last_error = _failure(claim.method, claim.listing.url, found, claim)
    if claim.last_error:
        return claim
    if current_app.config["CLAIMS_NEED_REVIEW"]:
        claim.status = "waiting"
        record(actor, "claim.proved", claim.listing, claim.method)
        return claim
    return _grant(actor, claim)


@unit_of_work
def review_claim(actor, claim: ListingClaim, action: str) -> ListingClaim:
    """An editor approves (ownership moves) or refuses a proved claim."""
    authorize(actor, "claim.review")
    if claim.status != "waiting":
        raise StateError("Only a proved claim waiting for review can be decided.")
    if action == "approve":
        return _grant(actor, claim)
    if action != "refuse":
        raise InvalidInput("Choose approve or refuse.", field="action")
    claim.status = "refused"
    record(actor, "claim.refuse", claim.listing, f"claim {claim.id}")
    return claim


def _grant(actor, claim: ListingClaim) -> ListingClaim:
    listing = claim.listing
    previous = listing.owner
    now = utcnow()
    watch = watch_for(listing.id)
    if watch.verified_claim is not None and watch.verified_claim is not claim:
        watch.verified_claim.status = "lost"  # a newer proof replaces it
    claim.status, claim.verified_at = "verified", now
    claim.previous_owner_id = listing.owner_id
    watch.verified_claim, watch.verified_at = claim, now
    watch.verification_lost_at = None
    listing.owner_id = claim.claimant_id
    listing.review_tier = 0  # a proved owner's edits are reviewed first
    record(
        actor,
        "listing.claim",
        listing,
        f"{claim.method} proof; owner {previous.email} → {claim.claimant.email}",
    )
    if previous.id != claim.claimant_id:
        notices.ownership_moved(listing, previous, claim)
    db.session.flush()
    return claim


def recheck_verified(listing_ids: list[int] | None = None) -> dict:
    """Look again for every verified claim's token; a place that answers without
    it marks the verification lost (a site that does not answer proves nothing
    either way). One listing per commit. Returns {"kept": n, "lost": n}."""
    stmt = select(SiteWatch).where(
        SiteWatch.verified_claim_id.is_not(None),
        SiteWatch.verification_lost_at.is_(None),
    )
    if listing_ids is not None:
        stmt = stmt.where(SiteWatch.listing_id.in_(listing_ids))
    tally = {"kept": 0, "lost": 0}
    for watch in db.session.scalars(stmt).all():
        claim = watch.verified_claim
        try:
            found = proofs.tokens_found(claim.method, watch.listing.url)
        except proofs.ProofUnavailable:
            continue
        if claim.token in found:
            tally["kept"] += 1
            continue
        _lose(watch, claim)
        tally["lost"] += 1
    return tally


@unit_of_work
def _lose(watch: SiteWatch, claim: ListingClaim) -> None:
    watch.verification_lost_at = utcnow()
    claim.status = "lost"
    record(None, "claim.lost", watch.listing, f"{claim.method} proof gone")


def lost_verifications() -> list[SiteWatch]:
    """Listings whose proof of ownership has gone, for the editors' queue."""
    return db.session.scalars(
        select(SiteWatch)
        .where(SiteWatch.verification_lost_at.is_not(None))
        .order_by(SiteWatch.verification_lost_at.desc())
        .limit(50)
    ).all()


def waiting_claims() -> list[ListingClaim]:
    """Proved claims an editor must decide (CLAIMS_NEED_REVIEW)."""
    return db.session.scalars(
        select(ListingClaim)
        .where(ListingClaim.status == "waiting")
        .order_by(ListingClaim.id)
        .limit(50)
    ).all()


def verified_owner(listing_id: int) -> bool:
    """Whether the listing's page shows "Verified owner"."""
    watch = db.session.get(SiteWatch, listing_id)
    return watch is not None and watch.is_verified
