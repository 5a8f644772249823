"""Hours indexes answer "open now" per listing and count it without reading rows

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 15:10:00.000000

"Open now" asks each listing it walks of its own rows when many are open,
and counts the ranges holding the minute by their end in the evening; with
the minutes in both indexes neither reads a row.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# MySQL keeps an index on listing_id for its foreign key: the new one is made
# before the old one goes.
OLD, NEW = 'ix_listing_hours_listing', 'ix_listing_hours_by_listing'


ENDS = 'ix_listing_hours_ends'


def _ends(columns):
    with op.batch_alter_table('listing_hours', schema=None) as batch_op:
        batch_op.drop_index(ENDS)
        batch_op.create_index(ENDS, columns, unique=False)


def upgrade():
    op.create_index(NEW, 'listing_hours', ['listing_id', 'day', 'start_min', 'end_min'])
    op.drop_index(OLD, table_name='listing_hours')
    _ends(['tz', 'day', 'end_min', 'start_min', 'listing_id'])


def downgrade():
    op.create_index(OLD, 'listing_hours', ['listing_id', 'day'])
    op.drop_index(NEW, table_name='listing_hours')
    _ends(['tz', 'day', 'end_min', 'listing_id'])
