"""A listing's logo and photos: set by owners (reviewed when live), removed by editors.

On a reviewed listing an owner's new set of images waits in the listing's
pending revision as `{"images": [before, after]}`, beside any text change, so
the queue's diff shows it and the live page keeps the approved images.
"""

import json

from myapp.audit.services import record
from myapp.database import unit_of_work
from myapp.directory.listings import actions, pending_edits
from myapp.directory.models import Listing, ListingRevision
from myapp.directory.vocabulary import EDIT_SUPERSEDED
from myapp.errors import InvalidInput, NotFoundError, StateError
from myapp.extensions import db
from myapp.media.models import LOGO, PHOTO, ListingImage
from myapp.media.services import usable_media
from myapp.policy import authorize

IMAGES = "images"  # the revision key


def entry(media, role: str, alt: str, position: int) -> dict:
    """One image as a revision stores it (the thumbnail key shows it in the diff)."""
    return {
        "media_id": media.id,
        "role": role,
        "alt": alt,
        "position": position,
        "thumb": media.sizes[0][2],
    }


def current_images(listing: Listing) -> list[dict]:
    return [entry(i.media, i.role, i.alt, i.position) for i in listing.images]


def proposed_images(listing: Listing) -> list[dict] | None:
    """The images waiting for review, or None when none wait."""
    edit = pending_edits.pending_edit_for(listing)
    if edit is None or IMAGES not in edit.diff:
        return None
    return edit.diff[IMAGES][1]


def _checked(actor, listing: Listing, images: list[dict]) -> list[dict]:
    """Validate the wanted set and put it in order: the logo, then photos."""
    known = {e["media_id"] for e in current_images(listing)}
    known |= {e["media_id"] for e in proposed_images(listing) or []}
    logos = [i for i in images if i["role"] == LOGO]
    photos = sorted(
        (i for i in images if i["role"] == PHOTO), key=lambda i: i.get("position", 0)
    )
    if len(logos) > 1:
        raise InvalidInput("A listing has one logo.", field=IMAGES)
    limit = listing.plan.photo_limit
    if len(photos) > limit:
        raise InvalidInput(
            f"The {listing.plan.name} plan shows up to {limit} "
            f"photo{'' if limit == 1 else 's'}.",
            field=IMAGES,
        )
    wanted = []
    for position, image in enumerate([*logos, *photos]):
        media = _media(actor, image["media_id"], known)
        wanted.append(entry(media, image["role"], image["alt"].strip(), position))
    return wanted


def _media(actor, media_id: int, known: set):
    from myapp.media.models import MediaFile

    if media_id in known:  # already on this listing: anyone who edits it keeps it
        return db.session.get(MediaFile, media_id)
    return usable_media(media_id, actor, field=IMAGES)


@unit_of_work
def set_listing_images(actor, listing: Listing, images: list[dict]):
    """Replace the listing's images; returns the revision when they wait for review."""
    authorize(actor, "listing.edit", listing)
    if not actions.may_edit(actor, listing):
        raise StateError("A rejected listing cannot be edited; submit the site again.")
    wanted = _checked(actor, listing, images)
    if not actions.edit_waits_for_review(actor, listing):
        apply_images(listing, wanted)
        return None
    return _propose(actor, listing, wanted)


def _propose(actor, listing: Listing, wanted: list[dict]) -> ListingRevision | None:
    before = current_images(listing)
    edit = pending_edits.pending_edit_for(listing)
    changes = edit.diff if edit else {}
    changes.pop(IMAGES, None)
    if wanted != before:
        changes[IMAGES] = [before, wanted]
    if edit is None and not changes:
        return None
    if edit is None:
        edit = ListingRevision(listing_id=listing.id, author_id=actor.id)
        db.session.add(edit)
    edit.changes = json.dumps(changes, default=str)
    if not changes:
        edit.status = EDIT_SUPERSEDED
    record(actor, "listing.edit_submit", listing, IMAGES)
    return edit


def apply_images(listing: Listing, wanted: list[dict]) -> None:
    """Make `wanted` the live images (an approved revision, or a direct edit)."""
    listing.images = [
        ListingImage(
            media_id=e["media_id"], role=e["role"], alt=e["alt"], position=e["position"]
        )
        for e in wanted
    ]


@unit_of_work
def remove_image(actor, listing: Listing, image_id: int, reason: str) -> None:
    """An editor takes an image off a listing at once, saying why (audited)."""
    authorize(actor, "listing.review")
    image = next((i for i in listing.images if i.id == image_id), None)
    if image is None:
        raise NotFoundError("No such image on this listing.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give a reason; the owner will see it.", field="reason")
    listing.images.remove(image)
    record(actor, "listing.image_remove", listing, f"{image.role}: {reason}"[:500])
