"""Claim pages ("Check now"), and the editors' answers to suspects and claims."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.directory import bp
from myapp.directory.listings import services as listings
from myapp.directory.trust import claims, site_watch
from myapp.directory.trust import schemas as trust_schemas
from myapp.directory.trust.vocabulary import CLAIM_METHODS
from myapp.policy import authorize
from myapp.web import form_page, post_form

CHECKED = {
    "verified": ("You have proved the domain: the listing is yours now.", "success"),
    "waiting": ("Proved. An editor confirms the change of owner soon.", "success"),
}


@bp.route("/listings/<slug>/claim", methods=["GET", "POST"])
@login_required
def claim(slug):
    """Claim a listing: choose a method, publish the token, press "Check now"."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.claim", listing)
    errors = {}
    if request.method == "POST":
        post = post_form(
            trust_schemas.ClaimIn(),
            lambda data: claims.start_claim(current_user, listing, data),
        )
        if post.ok:
            return redirect(url_for("directory.claim", slug=slug))
        errors = post.errors
    current = claims.current_claim(current_user, listing)
    return form_page(
        "directory/claim.html",
        errors,
        listing=listing,
        claim=claims.claim_view(current) if current else None,
        methods=CLAIM_METHODS,
    )


@bp.post("/claims/<id:claim_id>/check")
@login_required
def check_claim(claim_id):
    """ "Check now": look for the token and say what was found."""
    claim = claims.get_claim(current_user, claim_id)
    claim = claims.check_claim(current_user, claim)
    message, kind = CHECKED.get(claim.status, (claim.last_error, "error"))
    flash(message, kind)
    return redirect(url_for("directory.claim", slug=claim.listing.slug))


@bp.post("/admin/site-watch/<id:listing_id>")
@login_required
def answer_suspect(listing_id):
    """An editor's answer to a suspect site, from the inbox."""
    authorize(current_user, "listing.review")
    post = post_form(
        trust_schemas.SuspectAnswerIn(),
        lambda data: site_watch.answer_suspect(
            current_user, listing_id, data["answer"]
        ),
    )
    flash("Done." if post.ok else " ".join(sum(post.errors.values(), [])), "info")
    return redirect(url_for("admin.queue") + "#suspect-sites")


@bp.post("/admin/claims/<id:claim_id>")
@login_required
def decide_claim(claim_id):
    """Approve or refuse a proved claim (CLAIMS_NEED_REVIEW), from the inbox."""
    claim = claims.get_claim(current_user, claim_id)
    authorize(current_user, "claim.review")
    post = post_form(
        trust_schemas.ClaimDecisionIn(),
        lambda data: claims.review_claim(current_user, claim, data["action"]),
    )
    flash("Done." if post.ok else " ".join(sum(post.errors.values(), [])), "info")
    return redirect(url_for("admin.queue") + "#claims-waiting")
