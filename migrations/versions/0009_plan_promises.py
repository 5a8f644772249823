"""The paid plans no longer promises a followed link: paid links are sponsored.

Only the seeded wording changes; a description an admin wrote stays.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FEATURED = "Shown first in its categories and marked “Featured”, for a year, reviewed first."
CHANGES = {
    "standard": (
        "A followed link for a year, reviewed first.",
        "Listed for a year and reviewed first. As a paid link it is marked "
        "“sponsored” for search engines.",
    ),
    "featured": (FEATURED, FEATURED + " Marked “sponsored” for search engines."),
}
plans = sa.table("plans", sa.column("code", sa.String), sa.column("description"))


def _reword(forward: bool) -> None:
    for code, (old, new) in CHANGES.items():
        before, after = (old, new) if forward else (new, old)
        op.execute(
            plans.update()
            .where(plans.c.code == code, plans.c.description == before)
            .values(description=after)
        )


def upgrade():
    _reword(True)


def downgrade():
    _reword(False)
