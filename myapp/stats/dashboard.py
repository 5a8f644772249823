"""The admin dashboard's tables: traffic, rankings, submissions, revenue, queue."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from myapp.articles.models import Article
from myapp.comments import services as comments
from myapp.comments.models import Comment
from myapp.database import utcnow
from myapp.directory.listings import review
from myapp.directory.models import Listing, ListingRevision, Order, Plan
from myapp.directory.vocabulary import PAID, PENDING
from myapp.extensions import db
from myapp.reviews import stats as review_stats
from myapp.stats import series
from myapp.stats.series import last_days
from myapp.stats.tables import Table, money

PERIODS = (30, 90, 365)
TRAFFIC_KINDS = ("article_view", "listing_view", "listing_click")


def period_from(value) -> int:
    """The dashboard's period in days: one of PERIODS, 30 for anything else."""
    return int(value) if str(value) in {str(p) for p in PERIODS} else PERIODS[0]


def traffic(days: int, article_ids: list[int] | None = None) -> Table:
    """Views and clicks per day, zero-filled, from one grouped query."""
    start, end = last_days(days)
    if article_ids is not None:
        points = series.series_by_kind(("article_view",), start, end, article_ids)
        rows = [[p.day.isoformat(), p.count] for p in points["article_view"]]
        title = "Views of your articles"
        return Table("traffic", title, ["Day", "Views"], rows, "line")
    by_kind = series.series_by_kind(TRAFFIC_KINDS, start, end)
    rows = [
        [views.day.isoformat(), views.count, listing.count, click.count]
        for views, listing, click in zip(*by_kind.values(), strict=True)
    ]
    columns = ["Day", "Article views", "Listing views", "Clicks"]
    return Table("traffic", "Views and clicks per day", columns, rows, "line")


def top_articles(days: int, limit: int = 10) -> Table:
    """The most viewed articles in the period."""
    start, end = last_days(days)
    ranked = series.top_objects("article_view", start, end, limit)
    titles = _names(Article, Article.title, [i for i, _ in ranked])
    rows = [[titles.get(i, f"#{i} (deleted)"), n] for i, n in ranked]
    return Table("top_articles", "Top articles by views", ["Article", "Views"], rows)


def top_listings(days: int, limit: int = 10) -> Table:
    """The most clicked listings in the period."""
    start, end = last_days(days)
    ranked = series.top_objects("listing_click", start, end, limit)
    names = _names(Listing, Listing.name, [i for i, _ in ranked])
    rows = [[names.get(i, f"#{i} (deleted)"), n] for i, n in ranked]
    return Table("top_listings", "Top listings by clicks", ["Listing", "Clicks"], rows)


def _names(model, column, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(model.id, column).where(model.id.in_(ids))
    return {object_id: name for object_id, name in db.session.execute(stmt)}


def _day(value) -> date:
    """func.date() gives a date on MySQL and an ISO string on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def submissions(days: int) -> Table:
    """Listings submitted per day, one column per plan, zero-filled."""
    start, end = last_days(days)
    day = func.date(Listing.submitted_at)
    stmt = (
        select(day, Plan.name, func.count())
        .join(Plan, Listing.plan_id == Plan.id)
        .where(Listing.submitted_at >= datetime.combine(start, time()))
        .group_by(day, Plan.name)
    )
    counts = {(_day(d), plan): n for d, plan, n in db.session.execute(stmt)}
    plans = list(db.session.scalars(select(Plan.name).order_by(Plan.position)))
    rows = [
        [d.isoformat(), *(counts.get((d, p), 0) for p in plans)]
        for d in series.days_between(start, end)
    ]
    title = "Submissions per day by plan"
    return Table("submissions", title, ["Day", *plans], rows, "bar")


def revenue(months: int = 12, today: date | None = None) -> Table:
    """Paid orders per month and currency (integer cents, shown as amounts)."""
    today = today or utcnow().date()
    first = _month_back(today.replace(day=1), months - 1)
    day = func.date(Order.paid_at)
    stmt = (
        select(day, Order.currency, func.sum(Order.amount_cents))
        .where(Order.status == PAID, Order.paid_at >= datetime.combine(first, time()))
        .group_by(day, Order.currency)
    )
    cents: dict[tuple[str, str], int] = {}
    for d, currency, amount in db.session.execute(stmt):
        key = (_day(d).strftime("%Y-%m"), currency)
        cents[key] = cents.get(key, 0) + int(amount)
    currencies = sorted({c for _, c in cents}) or ["EUR"]
    month_keys = [_month_back(first, -n).strftime("%Y-%m") for n in range(months)]
    rows = [[m, *(money(cents.get((m, c), 0)) for c in currencies)] for m in month_keys]
    title = "Revenue per month (paid orders)"
    return Table("revenue", title, ["Month", *currencies], rows, "bar")


def _month_back(first_of_month: date, n: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def queue() -> Table:
    """What waits for a person, how many, and how long the oldest has waited."""
    counts = review.queue_counts()
    oldest = db.session.execute(
        select(
            select(func.min(Comment.created_at))
            .where(Comment.status == "pending")
            .scalar_subquery(),
            select(func.min(Listing.submitted_at))
            .where(Listing.status == PENDING)
            .scalar_subquery(),
            select(func.min(ListingRevision.created_at))
            .where(ListingRevision.status == "pending")
            .scalar_subquery(),
        )
    ).one()
    rows = [
        ["Comments", comments.count_pending(), _age(oldest[0])],
        ["Listings", counts["listings"], _age(oldest[1])],
        ["Listing edits", counts["edits"], _age(oldest[2])],
        ["Link problems", counts["broken"], ""],
        ["Unpaid orders over 7 days", counts["orders"], ""],
    ]
    columns = ["Waiting", "Items", "Oldest waits"]
    return Table("queue", "Review queue", columns, rows)


def _age(since) -> str:
    if since is None:
        return ""
    waited = utcnow() - since
    if waited < timedelta(hours=1):
        return f"{max(int(waited.total_seconds() // 60), 0)} min"
    if waited < timedelta(days=2):
        return f"{int(waited.total_seconds() // 3600)} h"
    return f"{waited.days} days"


def full_dashboard(days: int) -> dict[str, Table]:
    """Every table of the editors' dashboard, by name."""
    tables = [
        traffic(days),
        top_articles(days),
        top_listings(days),
        submissions(days),
        revenue(),
        queue(),
        review_stats.per_day_table(days),
        review_stats.by_listing_table(),
    ]
    return {t.name: t for t in tables}


def author_dashboard(author, days: int) -> dict[str, Table]:
    """An author's own articles: their daily views and each one's total."""
    start, end = last_days(days)
    articles = list(
        db.session.execute(
            select(Article.id, Article.title)
            .where(Article.author_id == author.id)
            .order_by(Article.created_at.desc())
            .limit(100)
        )
    )
    ids = [i for i, _ in articles]
    totals = series.totals_for("article_view", ids, start, end)
    rows = sorted(([t, totals.get(i, 0)] for i, t in articles), key=lambda r: -r[1])
    mine = Table("my_articles", "Your articles by views", ["Article", "Views"], rows)
    return {"traffic": traffic(days, ids), "my_articles": mine}
