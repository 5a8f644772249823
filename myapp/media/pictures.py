"""The listing pictures form: a logo and photos, each with its description."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from myapp.directory.listings import actions
from myapp.directory.listings import services as listings
from myapp.errors import AppError
from myapp.media import bp, services
from myapp.media import listings as listing_media
from myapp.media.models import LOGO, PHOTO
from myapp.media.schemas import ImageRemovalIn, ListingImagesIn
from myapp.policy import authorize
from myapp.web import form_page, post_form

NEW_PHOTOS = 3  # empty photo slots the form offers at a time


def _rows_from_form(form) -> list[dict]:
    """The images already chosen, as sent back by the form (minus removed ones)."""
    rows = []
    for index in range(100):
        key = f"images.{index}"
        if f"{key}.media_id" not in form:
            break
        if form.get(f"{key}.remove"):
            continue
        rows.append(
            {
                "media_id": form.get(f"{key}.media_id", ""),
                "role": form.get(f"{key}.role", ""),
                "alt": form.get(f"{key}.alt", ""),
                "position": form.get(f"{key}.position", "") or index,
            }
        )
    return rows


def _uploads(form, files, rows: list[dict]) -> dict:
    """Store each file sent in a slot and add it to `rows`; errors by slot."""
    errors = {}
    slots = [("new-logo", LOGO)]
    slots += [(f"new-photo-{n}", PHOTO) for n in range(NEW_PHOTOS)]
    for slot, role in slots:
        upload = files.get(slot)
        if upload is None or not upload.filename:
            continue
        try:
            media = services.upload_image(current_user, upload.stream)
        except AppError as exc:
            errors[slot] = [exc.detail]
            continue
        if role == LOGO:
            rows[:] = [r for r in rows if r["role"] != LOGO]
        rows.append(
            {
                "media_id": media.id,
                "role": role,
                "alt": form.get(f"{slot}.alt", ""),
                "position": 99,  # after the chosen ones, in the order sent
            }
        )
    return errors


@bp.route("/listings/<slug>/pictures", methods=["GET", "POST"])
@login_required
def pictures(slug):
    """Choose a listing's logo and photos; a reviewed listing's wait for review."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.edit", listing)
    errors, rows = {}, None
    if request.method == "POST":
        rows = _rows_from_form(request.form)
        errors = _uploads(request.form, request.files, rows)
        post = post_form(
            ListingImagesIn(),
            lambda data: listing_media.set_listing_images(
                current_user, listing, data["images"]
            ),
            payload={"images": rows},
        )
        if post.ok and not errors:
            flash(
                "Your pictures wait for review; the page shows the current ones "
                "until then."
                if post.result
                else "Pictures saved.",
                "success",
            )
            return redirect(url_for("directory.show", slug=listing.slug))
        errors |= post.errors
    proposed = listing_media.proposed_images(listing)
    if rows is None:
        rows = proposed
        if rows is None:
            rows = listing_media.current_images(listing)
    return form_page(
        "media/pictures.html",
        errors,
        listing=listing,
        rows=rows,
        media=services.media_by_ids(r["media_id"] for r in rows),
        proposed=proposed is not None,
        new_photos=NEW_PHOTOS,
        waits_for_review=actions.edit_waits_for_review(current_user, listing),
    )


@bp.post("/listings/<slug>/pictures/<id:image_id>/remove")
@login_required
def remove(slug, image_id):
    """An editor takes an image off a live listing at once, with a reason."""
    listing = listings.get_listing_page(slug, current_user)
    authorize(current_user, "listing.review")
    post = post_form(
        ImageRemovalIn(),
        lambda data: listing_media.remove_image(
            current_user, listing, image_id, data["reason"]
        ),
    )
    if post.ok:
        flash("Image removed.", "success")
    else:
        flash(" ".join(m for ms in post.errors.values() for m in ms), "error")
    return redirect(url_for("directory.show", slug=listing.slug))
