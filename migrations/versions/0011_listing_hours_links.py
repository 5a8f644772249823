"""Listings get opening hours, a time zone, links, a shown e-mail and coordinates.

`listing_hours` holds the hours as rows for the "open now" search; it is
derived from `listings.hours` and filled by the app (no listing has hours yet).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("listings") as batch:
        batch.add_column(sa.Column("hours", sa.Text(), nullable=True))
        batch.add_column(sa.Column("time_zone", sa.String(64), nullable=True))
        batch.add_column(sa.Column("links", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column(
                "show_email", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Double(), nullable=True))
    op.create_table(
        "listing_hours",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "listing_id",
            sa.Integer(),
            sa.ForeignKey("listings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("start_min", sa.SmallInteger(), nullable=False),
        sa.Column("end_min", sa.SmallInteger(), nullable=False),
    )
    op.create_index(
        "ix_listing_hours_open",
        "listing_hours",
        ["tz", "day", "start_min", "end_min", "listing_id"],
    )
    op.create_index(
        "ix_listing_hours_ends", "listing_hours", ["tz", "day", "end_min"]
    )
    op.create_index("ix_listing_hours_listing", "listing_hours", ["listing_id", "day"])
    with op.batch_alter_table("listings") as batch:
        batch.create_index("ix_listings_by_name", ["status", "name"])
        batch.create_index("ix_listings_newest", ["status", "published_at"])


def downgrade():
    op.drop_table("listing_hours")
    with op.batch_alter_table("listings") as batch:
        batch.drop_index("ix_listings_newest")
        batch.drop_index("ix_listings_by_name")
        for name in (
            "longitude",
            "latitude",
            "show_email",
            "links",
            "time_zone",
            "hours",
        ):
            batch.drop_column(name)
