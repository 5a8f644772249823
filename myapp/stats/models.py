"""One row per (day, kind, object): the aggregate every chart reads."""

from datetime import date

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from myapp.extensions import db

KINDS = ("article_view", "listing_view", "listing_click")


class DailyCount(db.Model):
    __tablename__ = "daily_counts"
    __table_args__ = (Index("ix_daily_counts_kind_day", "kind", "day"),)

    # Primary key order serves one object's series; the index serves totals.
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
