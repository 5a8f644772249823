"""The directory's order indexes hold every filtered column; hours' ends know their listing

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 08:00:00.000000

A page of filtered listings finds its ids in one of these indexes alone, so
a filter few listings pass no longer reads each row it walks past; "open now"
finds the ranges that began yesterday by their end, in the index alone.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

FILTERED = ['expires_at', 'category_id', 'plan_id', 'city', 'country']
WIDE = {
    'ix_listings_public': ['status', 'featured', 'published_at', 'id', *FILTERED],
    'ix_listings_by_name': ['status', 'name', 'id', 'featured', *FILTERED],
    'ix_listings_newest': ['status', 'published_at', 'id', 'featured', *FILTERED],
}
NARROW = {
    'ix_listings_public': ['status', 'featured', 'published_at'],
    'ix_listings_by_name': ['status', 'name'],
    'ix_listings_newest': ['status', 'published_at'],
}


ENDS = ['tz', 'day', 'end_min']


def _replace(table, indexes):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, columns in indexes.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)


def upgrade():
    _replace('listings', WIDE)
    _replace('listing_hours', {'ix_listing_hours_ends': [*ENDS, 'listing_id']})


def downgrade():
    _replace('listings', NARROW)
    _replace('listing_hours', {'ix_listing_hours_ends': ENDS})
