"""working-day calendar: holidays, make-up working days, loaded years

Revision ID: 0003_calendar
Revises: 0002_queue
Create Date: 2026-11-29 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

# revision identifiers, used by Alembic.
revision = '0003_calendar'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f('ck_calendar_day_kind')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day'))
    )
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('loaded_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_year'))
    )


def downgrade():
    op.drop_table('calendar_year')
    op.drop_table('calendar_day')
