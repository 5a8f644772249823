"""Uploading, listing and deleting images, and the addresses pages show them by."""

import json
import os

from flask import current_app
from sqlalchemy import select

from myapp.database import unit_of_work
from myapp.errors import ConflictError, InvalidInput, NotFoundError
from myapp.extensions import db
from myapp.media import processing
from myapp.media.models import ArticleImage, ListingImage, MediaFile
from myapp.media.storage import storage, url_of
from myapp.pagination import Page, keyset_page
from myapp.policy import authorize, ensure_visible


def stream_size(stream) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


@unit_of_work
def upload_image(actor, stream, alt: str = "") -> MediaFile:
    """Process an uploaded file (any name, any claimed type) and store it."""
    authorize(actor, "media.upload")
    if stream is None:
        raise InvalidInput("Choose an image file.", field="file")
    limit = current_app.config["MEDIA_MAX_BYTES"]
    size = stream_size(stream)
    if size > limit:
        raise processing.TooLarge(
            f"This file is {size / 1e6:.1f} MB; images may be at most "
            f"{limit / 1e6:.0f} MB.",
            field="file",
        )
    if size == 0:
        raise InvalidInput("The file is empty.", field="file")
    done = processing.process(stream, current_app.config["MEDIA_MAX_PIXELS"])
    sizes = []
    for rendition in done.renditions:
        keys = []
        for ext in ("webp", done.fallback):
            data = rendition.files[ext]
            key = processing.content_key(data, ext)
            storage().put(key, data)
            keys.append(key)
        sizes.append([rendition.width, rendition.height, *keys])
    media = MediaFile(
        owner_id=actor.id,
        width=done.width,
        height=done.height,
        fallback=done.fallback,
        renditions=json.dumps(sizes),
        alt=(alt or "").strip()[:300],
        bytes_in=size,
    )
    db.session.add(media)
    db.session.flush()
    return media


def get_media(media_id: int, viewer) -> MediaFile:
    """An upload its owner (or an editor) may see and use."""
    media = db.session.get(MediaFile, media_id)
    ensure_visible(viewer, "media.view", media)
    return media


def usable_media(media_id: int, actor, field: str = "media_id") -> MediaFile:
    """An upload the actor may attach: their own (editors: anyone's)."""
    try:
        return get_media(media_id, actor)
    except NotFoundError:
        raise InvalidInput("No such image in your uploads.", field=field) from None


def media_by_ids(ids) -> dict[int, MediaFile]:
    """{id: MediaFile} for the ids that are numbers (form values may not be)."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    if not wanted:
        return {}
    found = db.session.scalars(select(MediaFile).where(MediaFile.id.in_(wanted)))
    return {m.id: m for m in found}


def list_media(viewer, cursor: str | None = None, limit: int = 24) -> Page:
    """The viewer's own uploads, newest first."""
    authorize(viewer, "media.upload")
    stmt = select(MediaFile).where(MediaFile.owner_id == viewer.id)
    return keyset_page(stmt, [MediaFile.id], cursor, limit)


def is_used(media: MediaFile) -> bool:
    return any(
        db.session.scalar(select(model.media_id).where(model.media_id == media.id))
        for model in (ListingImage, ArticleImage)
    )


@unit_of_work
def delete_media(actor, media: MediaFile) -> None:
    """Delete an unused upload; its files go with the next `flask media gc`."""
    authorize(actor, "media.delete", media)
    if is_used(media):
        raise ConflictError("This image is in use; remove it from its page first.")
    db.session.delete(media)


def rendition(media: MediaFile, width: int = 1600) -> list:
    """The narrowest rendition at least `width` wide (else the widest)."""
    sizes = media.sizes
    return next((s for s in sizes if s[0] >= width), sizes[-1])


def picture(media: MediaFile) -> dict:
    """What a <picture> needs: WebP and fallback srcsets, src, width, height."""
    sizes = media.sizes
    return {
        "webp": ", ".join(f"{url_of(s[2])} {s[0]}w" for s in sizes),
        "fallback": ", ".join(f"{url_of(s[3])} {s[0]}w" for s in sizes),
        "fallback_type": f"image/{media.fallback}",
        "src": url_of(rendition(media, 800)[3]),
        "width": media.width,
        "height": media.height,
    }


def image_url_for(obj, width: int = 1600) -> str | None:
    """The URL of an article's lead image or a listing's logo (None without one).

    Root-relative when the app serves the files, absolute with MEDIA_PUBLIC_URL;
    the fallback format (JPEG/PNG), which every consumer of feeds can read.
    """
    media = None
    if getattr(obj, "__tablename__", None) == "articles":
        media = obj.lead_image.media if obj.lead_image else None
    elif getattr(obj, "__tablename__", None) == "listings":
        media = obj.logo.media if obj.logo else None
    return url_of(rendition(media, width)[3]) if media else None
