"""Media API: upload an image (multipart), list and delete one's uploads, and
set a listing's logo and photos, with the forms' own schemas and services."""

from flask import request, url_for

from myapp.api import bp
from myapp.api.auth import BEARER, api_user, token_required
from myapp.directory.listings import services as listings
from myapp.media import listings as listing_media
from myapp.media import schemas, services
from myapp.policy import can
from myapp.schemas import Extended, page_of

MediaPageOut = page_of(schemas.MediaOut, "MediaPageOut")


@bp.post("/media")
@token_required
@bp.arguments(schemas.MediaFileIn, location="files")
@bp.response(201, schemas.MediaOut)
@bp.doc(security=BEARER, description=schemas.LIMITS)
def upload_media(files):
    """Upload an image (`multipart/form-data`: `file`, optional `alt`)."""
    # One requestBody per operation: the text fields go through their schema
    # here, which refuses a field it does not know, as JSON bodies do.
    data = schemas.MediaUploadIn().load(request.form.to_dict())
    media = services.upload_image(api_user(), files["file"].stream, data["alt"])
    return media, 201, {"Location": url_for("api.get_media", media_id=media.id)}


@bp.get("/media")
@token_required
@bp.arguments(schemas.MediaQuery, location="query")
@bp.response(200, MediaPageOut)
@bp.doc(security=BEARER)
def list_media(args):
    """Your uploads, newest first."""
    return services.list_media(api_user(), args.get("cursor"), args.get("limit", 20))


@bp.get("/media/<id:media_id>")
@token_required
@bp.response(200, schemas.MediaOut)
@bp.doc(security=BEARER)
def get_media(media_id):
    """One of your uploads (editors: anyone's)."""
    return services.get_media(media_id, api_user())


@bp.delete("/media/<id:media_id>")
@token_required
@bp.response(204)
@bp.doc(security=BEARER)
def delete_media(media_id):
    """Delete an upload no listing or article uses (409 otherwise)."""
    services.delete_media(api_user(), services.get_media(media_id, api_user()))


def _images(listing) -> Extended:
    viewer = api_user()
    pending = None
    if can(viewer, "listing.edit", listing):
        pending = listing_media.proposed_images(listing)
    return Extended(listing, pending=pending)


@bp.get("/listings/<id:listing_id>/images")
@bp.response(200, schemas.ListingImagesOut)
@bp.doc(security=[{}, *BEARER])
def get_listing_images(listing_id):
    """A listing's logo and photos; its owner and editors also see waiting ones."""
    return _images(listings.get_visible_listing(listing_id, api_user()))


@bp.put("/listings/<id:listing_id>/images")
@token_required
@bp.arguments(schemas.ListingImagesIn)
@bp.response(200, schemas.ListingImagesOut)
@bp.doc(security=BEARER)
def set_listing_images(data, listing_id):
    """Replace the logo and photos (upload first, then attach by `media_id`);
    on a reviewed listing the new set waits for review."""
    listing = listings.get_visible_listing(listing_id, api_user())
    listing_media.set_listing_images(api_user(), listing, data["images"])
    return _images(listing)
