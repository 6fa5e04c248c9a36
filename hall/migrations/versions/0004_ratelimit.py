"""rate limit counters

Revision ID: 0004_ratelimit
Revises: 0002_queue
Create Date: 2026-11-30 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

# revision identifiers, used by Alembic.
revision = '0004_ratelimit'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_hit',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('window_start', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'window_start', name=op.f('pk_rate_hit'))
    )
    with op.batch_alter_table('rate_hit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_hit_window_start'), ['window_start'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_hit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_hit_window_start'))

    op.drop_table('rate_hit')
