"""Daily roll-ups of closed days' tickets and ratings for the month report

Revision ID: 0018_report_rollups
Revises: 0017_ticket_department
Create Date: 2026-12-03 15:00:00

`report_day` names the days rolled up (its key keeps two reports from rolling up one day
twice); `report_ticket_day` and `report_rating_day` hold a closed day's sums per group
(hall/dashboard/rollups.py). Empty here: the first report of a month or the nightly
housekeeping fills them.
"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

revision = '0018_report_rollups'
down_revision = '0017_ticket_department'
branch_labels = None
depends_on = None


def _group_columns(table: str) -> list:
    """The day and the keys every roll-up shares, with their foreign keys."""
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('window_id', sa.Integer(), nullable=True),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['day'], ['report_day.day'],
                                name=op.f(f'fk_{table}_day_report_day'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['window_id'], ['window.id'],
                                name=op.f(f'fk_{table}_window_id_window'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['staff_id'], ['user.id'], name=op.f(f'fk_{table}_staff_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'],
                                name=op.f(f'fk_{table}_department_id_department'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f(f'fk_{table}_item_id_item'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade():
    op.create_table('report_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('rolled_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_report_day'))
    )
    op.create_table('report_ticket_day',
    *_group_columns('report_ticket_day'),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('served', sa.Integer(), nullable=False),
    sa.Column('no_shows', sa.Integer(), nullable=False),
    sa.Column('waited', sa.Float(), nullable=False),
    sa.Column('wait_count', sa.Integer(), nullable=False),
    sa.Column('serving', sa.Float(), nullable=False),
    sa.Column('service_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                            name=op.f('fk_report_ticket_day_category_id_category')),
    )
    op.create_index(op.f('ix_report_ticket_day_day'), 'report_ticket_day', ['day'], unique=False)
    op.create_table('report_rating_day',
    *_group_columns('report_rating_day'),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    )
    op.create_index(op.f('ix_report_rating_day_day'), 'report_rating_day', ['day'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_report_rating_day_day'), table_name='report_rating_day')
    op.drop_table('report_rating_day')
    op.drop_index(op.f('ix_report_ticket_day_day'), table_name='report_ticket_day')
    op.drop_table('report_ticket_day')
    op.drop_table('report_day')
