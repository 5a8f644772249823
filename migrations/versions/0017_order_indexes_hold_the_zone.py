"""The directory's order indexes hold each listing's time zone

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 15:40:00.000000

"Open now" asks each listing it walks of its zone's hours; with the zone in
the index, a page whose other filters few listings pass still walks the
index alone, reading no row it does not show.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BEFORE = ['expires_at', 'category_id', 'plan_id', 'city', 'country']
KEYS = {
    'ix_listings_public': ['status', 'featured', 'published_at', 'id'],
    'ix_listings_by_name': ['status', 'name', 'id', 'featured'],
    'ix_listings_newest': ['status', 'published_at', 'id', 'featured'],
}


def _replace(filtered):
    with op.batch_alter_table('listings', schema=None) as batch_op:
        for name, key in KEYS.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, [*key, *filtered], unique=False)


def upgrade():
    _replace([*BEFORE, 'time_zone'])


def downgrade():
    _replace(BEFORE)
