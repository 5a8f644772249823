"""Uploaded images, the listings' logos and photos, and the articles' lead images."""

import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Text, and_
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from myapp.articles.models import Article
from myapp.database import utcnow
from myapp.directory.models import Listing
from myapp.extensions import db

LOGO, PHOTO = "logo", "photo"
ROLES = (LOGO, PHOTO)


class MediaFile(db.Model):
    """One processed upload: its renditions, stored under content-addressed keys.

    `renditions` is JSON `[[width, height, webp_key, fallback_key], ...]`,
    narrowest first; nothing of the uploaded bytes is kept.
    """

    __tablename__ = "media_files"
    __table_args__ = (Index("ix_media_files_owner", "owner_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    width: Mapped[int]
    height: Mapped[int]
    fallback: Mapped[str] = mapped_column(String(4))  # "jpeg" or "png"
    renditions: Mapped[str] = mapped_column(Text)
    alt: Mapped[str] = mapped_column(String(300), default="")
    bytes_in: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner = relationship("User")

    @property
    def sizes(self) -> list[list]:
        """[[width, height, webp_key, fallback_key], ...], narrowest first."""
        return json.loads(self.renditions)

    @property
    def keys(self) -> set[str]:
        return {key for _, _, *pair in self.sizes for key in pair}

    def __repr__(self) -> str:
        return f"<MediaFile {self.id} {self.width}x{self.height}>"


class ListingImage(db.Model):
    """A live listing's logo or photo; proposed ones wait in the listing's revision."""

    __tablename__ = "listing_images"
    __table_args__ = (Index("ix_listing_images_listing", "listing_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE")
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # ROLES
    alt: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    media: Mapped[MediaFile] = relationship(lazy="joined", innerjoin=True)
    listing: Mapped[Listing] = relationship(
        backref=backref(
            "images",
            order_by="ListingImage.position, ListingImage.id",
            cascade="all, delete-orphan",
        )
    )


# Cards, feeds and metadata show only the logo (one per listing at most): it
# comes joined to the listing's own row, so a page of cards costs no query for
# its pictures. The listing page loads the photos when it shows them.
Listing.logo = relationship(
    ListingImage,
    primaryjoin=and_(ListingImage.listing_id == Listing.id, ListingImage.role == LOGO),
    uselist=False,
    viewonly=True,
    lazy="joined",
)


class ArticleImage(db.Model):
    """An article's lead image (one per article)."""

    __tablename__ = "article_images"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id"), index=True)
    alt: Mapped[str] = mapped_column(String(300))

    media: Mapped[MediaFile] = relationship(lazy="joined", innerjoin=True)
    article: Mapped[Article] = relationship(
        backref=backref(
            "lead_image",
            uselist=False,
            cascade="all, delete-orphan",
            lazy="joined",
        )
    )
