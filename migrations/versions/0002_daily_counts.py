"""daily counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:56:43.919603

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_counts',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', 'day', name=op.f('pk_daily_counts'))
    )
    with op.batch_alter_table('daily_counts', schema=None) as batch_op:
        batch_op.create_index('ix_daily_counts_kind_day', ['kind', 'day'], unique=False)



def downgrade():
    op.drop_table('daily_counts')
