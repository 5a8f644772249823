"""Pictures: uploads, listings' logos and photos, articles' lead images, and how
many photos each plan shows (free 1, standard 5, featured 12).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PHOTO_LIMITS = {"free": 1, "standard": 5, "featured": 12}
plans = sa.table("plans", sa.column("code", sa.String), sa.column("photo_limit"))


def upgrade():
    op.create_table(
        "media_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("fallback", sa.String(length=4), nullable=False),
        sa.Column("renditions", sa.Text(), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("bytes_in", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_media_files_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_files")),
    )
    with op.batch_alter_table("media_files", schema=None) as batch_op:
        batch_op.create_index("ix_media_files_owner", ["owner_id", "id"], unique=False)
    op.create_table(
        "listing_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_listing_images_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_files.id"],
            name=op.f("fk_listing_images_media_id_media_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_images")),
    )
    with op.batch_alter_table("listing_images", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listing_images_listing", ["listing_id", "position"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_listing_images_media_id"), ["media_id"], unique=False
        )
    op.create_table(
        "article_images",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("alt", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_images_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media_files.id"],
            name=op.f("fk_article_images_media_id_media_files"),
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_images")),
    )
    with op.batch_alter_table("article_images", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_images_media_id"), ["media_id"], unique=False
        )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "photo_limit", sa.Integer(), nullable=False, server_default="1"
            )
        )
    for code, limit in PHOTO_LIMITS.items():
        op.execute(plans.update().where(plans.c.code == code).values(photo_limit=limit))


def downgrade():
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("photo_limit")
    op.drop_table("article_images")
    op.drop_table("listing_images")
    op.drop_table("media_files")
