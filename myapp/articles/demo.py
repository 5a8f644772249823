"""Demo articles: a dozen real samples, and N generated ones for benchmarks."""

import random
from datetime import timedelta

import click
from sqlalchemy import func, insert, select

from myapp.articles import related, services
from myapp.articles.demo_content import SAMPLES
from myapp.articles.models import Article, Tag, article_tags
from myapp.articles.rendering import render_markdown, shorten
from myapp.database import utcnow
from myapp.demo_clock import at
from myapp.extensions import db

BATCH = 2000
TOPICS = [
    "backups", "hosting", "search", "comments", "feeds", "sitemaps", "e-mail",
    "domains", "certificates", "caching", "images", "forms", "analytics",
    "newsletters", "accessibility", "privacy", "uptime", "databases",
]  # fmt: skip
ANGLES = [
    "a checklist", "what we learned", "the boring way", "in one afternoon",
    "mistakes to avoid", "for a team of one", "on a small budget", "step by step",
]  # fmt: skip
VOCABULARY = [
    "backups", "hosting", "operations", "writing", "community", "spam",
    "performance", "search", "publishing", "accessibility", "email", "privacy",
    "small business", "security", "design", "seo", "databases", "caching",
    "images", "forms", "analytics", "newsletters", "domains", "tls", "uptime",
    "monitoring", "python", "flask", "nginx", "mysql",
]  # fmt: skip
SENTENCES = [
    "Small sites live longest when their owners keep them simple.",
    "Write down every step the first time, so the second time is quick.",
    "A change you can undo is a change you can make on a Friday.",
    "Measure before you optimise; the slow part is rarely where you think.",
    "Readers forgive plain pages, but not broken ones.",
    "Automate the dull parts and rehearse the frightening ones.",
    "Every dependency is a promise someone else has to keep.",
    "Keep the number of moving parts smaller than the number of people.",
    "The best time to test a restore is before you need it.",
    "Clear words beat clever ones, in code and in articles alike.",
]


def seed(admin, options: dict) -> None:
    """Add the sample articles once; with --articles N, generate N more."""
    added = seed_samples(admin)
    click.echo(f"Sample articles: {added} added, {len(SAMPLES) - added} already there.")
    if options.get("articles"):
        generate(admin, options["articles"], tags=options.get("tags"))


def seed_samples(admin) -> int:
    existing = set(
        db.session.scalars(
            select(Article.slug).where(Article.slug.in_([s["slug"] for s in SAMPLES]))
        )
    )
    added = 0
    for sample in reversed(SAMPLES):  # oldest first, so ids follow dates
        if sample["slug"] in existing:
            continue
        data = {k: v for k, v in sample.items() if k != "days_ago"}
        when = utcnow() - timedelta(days=sample["days_ago"], hours=3)
        with at(when):  # written when it was published, not today
            services.create_article(
                admin, {**data, "status": "published", "published_at": when}
            )
        added += 1
    return added


def _bodies(rng: random.Random) -> list:
    """A small pool of rendered bodies: rendering 100k bodies would take minutes."""
    pool = []
    for _ in range(40):
        paragraphs = [
            " ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(3, 5))
        ]
        source = "\n\n".join(paragraphs)
        pool.append((source, render_markdown(source)))
    return pool


def _tag_names(pool: int | None) -> list[str]:
    """The vocabulary, numbered beyond it up to `pool` tags (the benchmark's 500)."""
    extra = [
        f"{VOCABULARY[n % len(VOCABULARY)]} {n // len(VOCABULARY) + 1}"
        for n in range(max(0, (pool or 0) - len(VOCABULARY)))
    ]
    return VOCABULARY + extra


def _tag_ids(pool: int | None = None) -> list[int]:
    slugs = {services.tag_slug(name): name for name in _tag_names(pool)}
    found = dict(
        db.session.execute(select(Tag.slug, Tag.id).where(Tag.slug.in_(slugs))).all()
    )
    missing = [{"slug": s, "name": n} for s, n in slugs.items() if s not in found]
    if missing:
        db.session.execute(insert(Tag), missing)
        return _tag_ids(pool)
    return list(found.values())


def generate(admin, count: int, seed_value: int = 42, tags: int | None = None) -> None:
    """Insert `count` published articles with 3 tags each from a pool of `tags`
    (default: the vocabulary), then rebuild related lists."""
    rng = random.Random(seed_value)
    bodies, tag_ids = _bodies(rng), _tag_ids(tags)
    next_id = (db.session.scalar(select(func.max(Article.id))) or 0) + 1
    now = utcnow()
    with click.progressbar(length=count, label="Generating articles") as bar:
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            ids = range(next_id + start, next_id + start + size)
            rows, links = [], []
            for article_id in ids:
                topic, angle = rng.choice(TOPICS), rng.choice(ANGLES)
                source, rendered = rng.choice(bodies)
                when = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
                rows.append(
                    {
                        "id": article_id,
                        "title": f"{topic.capitalize()}: {angle} (no. {article_id})",
                        "slug": f"{topic}-{angle.replace(' ', '-')}-{article_id}",
                        "summary": None,
                        "body": source,
                        "body_html": rendered.html,
                        "body_text": rendered.text,
                        "excerpt": shorten(rendered.first_paragraph),
                        "status": "published",
                        "published_at": when,
                        "author_id": admin.id,
                        "created_at": when,
                        "updated_at": when,
                    }
                )
                links += [
                    {"article_id": article_id, "tag_id": tag_id}
                    for tag_id in rng.sample(tag_ids, 3)
                ]
            # Core inserts (executemany): no ORM bookkeeping for 100k rows.
            db.session.execute(Article.__table__.insert(), rows)
            db.session.execute(article_tags.insert(), links)
            db.session.commit()
            bar.update(size)
    rebuild_related()


def rebuild_related() -> None:
    """Recompute every article's related list, with a progress bar."""
    total = db.session.scalar(
        select(func.count()).select_from(Article).where(Article.status == "published")
    )
    with click.progressbar(length=total, label="Related articles  ") as bar:
        related.rebuild_all(progress=bar.update)
    db.session.commit()
