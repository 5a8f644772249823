"""`flask demo seed`: logos, photos and lead images drawn with Pillow (no downloads).

Few and small, so seeding stays quick: a logo for the first live listings,
two photos for the paid ones among them, a lead image for the newest articles.
"""

import io
import random

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from myapp.articles.models import Article
from myapp.database import unit_of_work
from myapp.directory.models import APPROVED, Listing
from myapp.extensions import db
from myapp.media import services
from myapp.media.listings import apply_images, entry
from myapp.media.models import ArticleImage, MediaFile

LOGOS, LEADS = 8, 4
PALETTE = [(33, 97, 140), (192, 57, 43), (39, 174, 96), (142, 68, 173), (211, 84, 0)]


def _png(image: Image.Image, fmt: str = "PNG") -> io.BytesIO:
    out = io.BytesIO()
    image.save(out, fmt, quality=85)
    out.seek(0)
    return out


def draw_logo(rng: random.Random, name: str) -> io.BytesIO:
    """A round badge with the name's initials on a transparent square."""
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 248, 248), fill=rng.choice(PALETTE))
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    draw.text((128, 128), initials, fill="white", anchor="mm", font_size=96)
    return _png(image)


def draw_scene(rng: random.Random, size=(1000, 750)) -> io.BytesIO:
    """A landscape: sky gradient, sun, hills (a JPEG, like a photo)."""
    width, height = size
    top, bottom = rng.choice(PALETTE), (250, 240, 220)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    sun = rng.randint(width // 5, width * 4 // 5)
    draw.ellipse((sun - 60, 80, sun + 60, 200), fill=(255, 214, 102))
    for layer in range(3):
        shade = 60 + layer * 40
        base = height * (0.55 + layer * 0.12)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - rng.randint(0, 90)))
        points.append((width, height))
        draw.polygon(points, fill=(shade // 2, shade, shade // 2))
    return _png(image, "JPEG")


def seed(admin, options: dict) -> None:
    if db.session.scalar(select(func.count()).select_from(MediaFile)):
        return  # seeded before
    add_images(random.Random(16))


@unit_of_work
def add_images(rng: random.Random) -> None:
    live = db.session.scalars(
        select(Listing).where(Listing.status == APPROVED).order_by(Listing.id)
    ).all()[:LOGOS]
    for listing in live:
        logo = services.upload_image(listing.owner, draw_logo(rng, listing.name))
        wanted = [entry(logo, "logo", f"{listing.name} logo", 0)]
        if listing.plan.photo_limit > 1:
            for n in range(2):
                photo = services.upload_image(listing.owner, draw_scene(rng))
                alt = f"{listing.name}: view {n + 1} of the premises"
                wanted.append(entry(photo, "photo", alt, n + 1))
        apply_images(listing, wanted)
    articles = db.session.scalars(
        select(Article)
        .where(Article.status == "published")
        .order_by(Article.published_at.desc())
        .limit(LEADS)
    ).all()
    for article in articles:
        lead = services.upload_image(article.author, draw_scene(rng, (1200, 675)))
        article.lead_image = ArticleImage(
            media_id=lead.id, alt=f"An illustration for “{article.title}”"
        )
