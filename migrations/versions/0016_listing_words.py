"""Listing search reads its own index of words on every database

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 15:20:00.000000

`listing_words` replaces `listings_fts` (FTS5 on SQLite, FULLTEXT on MySQL):
a word's prefix is a range of its key, and both databases rank alike. The
index is filled from the listings here, with the tokenizer the app uses.
"""
from alembic import op
import sqlalchemy as sa

from myapp.directory.listings.search import word_rows


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

WORD = sa.String(length=64).with_variant(
    sa.String(length=64, collation='utf8mb4_bin'), 'mysql', 'mariadb'
)


def upgrade():
    words = op.create_table('listing_words',
    sa.Column('word', WORD, nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_words_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('word', 'listing_id', name=op.f('pk_listing_words')),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('listing_words', schema=None) as batch_op:
        batch_op.create_index('ix_listing_words_listing', ['listing_id'], unique=False)
    listings = op.get_bind().execute(
        sa.text('SELECT id, name, description FROM listings')
    ).all()
    for start in range(0, len(listings), 500):
        rows = [row for listing in listings[start:start + 500] for row in word_rows(*listing)]
        if rows:
            op.bulk_insert(words, rows)
    op.execute('DROP TABLE IF EXISTS listings_fts')


def downgrade():
    op.drop_table('listing_words')  # with its indexes
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute(
            "CREATE VIRTUAL TABLE listings_fts USING fts5("
            "name, description, tokenize = 'unicode61 remove_diacritics 2')"
        )
        key = 'rowid'
    else:
        op.execute(
            "CREATE TABLE listings_fts ("
            "listing_id INTEGER NOT NULL PRIMARY KEY, "
            "name VARCHAR(120) NOT NULL, description VARCHAR(2000) NOT NULL, "
            "FULLTEXT KEY ft_listings_fts (name, description)"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
        )
        key = 'listing_id'
    op.execute(
        f"INSERT INTO listings_fts ({key}, name, description) "
        "SELECT id, name, description FROM listings"
    )
