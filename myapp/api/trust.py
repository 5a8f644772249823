"""Claims (start, check, status) and the site watch, with the pages' services."""

from flask import url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.directory.listings import services as listings
from myapp.directory.trust import claims, site_watch
from myapp.directory.trust import schemas as trust_schemas
from myapp.policy import authorize


@bp.post("/listings/<id:listing_id>/claims")
@token_required
@bp.arguments(trust_schemas.ClaimIn)
@bp.response(201, trust_schemas.ClaimOut)
@bp.doc(security=BEARER)
def start_claim(data, listing_id):
    """Start a claim: the answer holds the token and where to publish it."""
    listing = listings.get_visible_listing(listing_id, api_user())
    claim = claims.start_claim(api_user(), listing, data)
    location = url_for("api.get_claim", claim_id=claim.id)
    return claims.claim_view(claim), 201, {"Location": location}


@bp.get("/claims/<id:claim_id>")
@token_required
@bp.response(200, trust_schemas.ClaimOut)
@bp.doc(security=BEARER)
def get_claim(claim_id):
    """A claim's status (the claimant's and editors')."""
    return claims.claim_view(claims.get_claim(api_user(), claim_id))


@bp.post("/claims/<id:claim_id>/check")
@token_required
@bp.response(200, trust_schemas.ClaimOut)
@bp.doc(security=BEARER)
def check_claim(claim_id):
    """Look for the token now ("Check now"); a miss says why in `last_error`."""
    claim = claims.get_claim(api_user(), claim_id)
    return claims.claim_view(claims.check_claim(api_user(), claim))


@bp.post("/claims/<id:claim_id>/decision")
@token_required
@bp.arguments(trust_schemas.ClaimDecisionIn)
@bp.response(200, trust_schemas.ClaimOut)
@bp.doc(security=BEARER)
def decide_claim(data, claim_id):
    """Approve or refuse a proved claim (editors, with CLAIMS_NEED_REVIEW)."""
    claim = claims.get_claim(api_user(), claim_id)
    return claims.claim_view(claims.review_claim(api_user(), claim, data["action"]))


@bp.get("/listings/<id:listing_id>/site-watch")
@token_required
@bp.response(200, trust_schemas.SiteWatchOut)
@bp.doc(security=BEARER)
def get_site_watch(listing_id):
    """What the link checker last saw and whether it is suspect (editors)."""
    authorize(api_user(), "listing.review")
    return site_watch.get_watch(listing_id)


@bp.post("/listings/<id:listing_id>/site-watch/answer")
@token_required
@bp.arguments(trust_schemas.SuspectAnswerIn)
@bp.response(200, trust_schemas.SiteWatchOut)
@bp.doc(security=BEARER)
def answer_site_watch(data, listing_id):
    """Answer a suspect site: fine (new baseline), suspend, contact (editors)."""
    return site_watch.answer_suspect(api_user(), listing_id, data["answer"])
