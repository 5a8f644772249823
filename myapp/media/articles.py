"""Articles' pictures: the lead image, and images in Markdown from our own media.

A Markdown image renders only when its address is one of Linchpin's stored
files; any other address (another site's image would tell that site who reads
the article) renders as its alt text.
"""

from html import escape
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from myapp.errors import InvalidInput
from myapp.extensions import db
from myapp.media.models import ArticleImage, MediaFile
from myapp.media.services import picture, usable_media
from myapp.media.storage import KEY

BODY_SIZES = "(max-width: 46rem) 100vw, 46rem"


def set_lead_image(actor, article, data: dict) -> None:
    """Apply `lead_image_id` / `lead_image_alt` from an article's loaded data."""
    if "lead_image_id" not in data and "lead_image_alt" not in data:
        return
    media_id = data.get(
        "lead_image_id", article.lead_image and article.lead_image.media_id
    )
    alt = (data.get("lead_image_alt") or "").strip()
    if not media_id:
        article.lead_image = None
        return
    if not alt and article.lead_image is not None and "lead_image_alt" not in data:
        alt = article.lead_image.alt
    if not alt:
        raise InvalidInput("Describe the lead image.", field="lead_image_alt")
    current = article.lead_image
    if current is not None and current.media_id == media_id:
        current.alt = alt
        return
    media = usable_media(media_id, actor, field="lead_image_id")
    article.lead_image = ArticleImage(media_id=media.id, alt=alt)


def key_of(src: str) -> str | None:
    """The media key an image address names, if it is one of ours."""
    prefixes = ["/media/", current_app.config["SITE_URL"].rstrip("/") + "/media/"]
    if public := current_app.config.get("MEDIA_PUBLIC_URL"):
        prefixes.append(public.rstrip("/") + "/")
    for prefix in prefixes:
        if src.startswith(prefix):
            key = urlsplit(src[len(prefix) :]).path
            key = key.split("/", 1)[1] if key.count("/") == 2 else key  # bucket prefix
            return key if KEY.match(key) else None
    return None


def markdown_image(src: str, alt: str) -> str | None:
    """HTML for a Markdown image of our own media (None: not ours, not shown)."""
    key = key_of(src)
    if key is None:
        return None
    media = db.session.scalar(
        select(MediaFile).where(MediaFile.renditions.contains(f'"{key}"')).limit(1)
    )
    if media is None:
        return None
    p = picture(media)
    return (
        f'<picture><source type="image/webp" srcset="{escape(p["webp"])}" '
        f'sizes="{BODY_SIZES}"><img src="{escape(p["src"])}" '
        f'srcset="{escape(p["fallback"])}" sizes="{BODY_SIZES}" '
        f'width="{p["width"]}" height="{p["height"]}" alt="{escape(alt)}" '
        'loading="lazy" decoding="async"></picture>'
    )
