"""Opening hours, special days, ticketing hours and daily quotas

Revision ID: 0015_hall_hours
Revises: 0014_item_search
Create Date: 2026-12-03 08:00:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0015_hall_hours'
down_revision = '0014_item_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('weekday_hours',
    sa.Column('weekday', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sessions', sa.String(length=120), nullable=False),
    sa.Column('ticketing_from', sa.String(length=5), nullable=True),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_weekday_hours_weekday')),
    sa.PrimaryKeyConstraint('weekday', name=op.f('pk_weekday_hours'))
    )
    op.create_table('special_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sessions', sa.String(length=120), nullable=False),
    sa.Column('ticketing_from', sa.String(length=5), nullable=True),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_special_day'))
    )
    op.create_table('category_rule',
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('daily_quota', sa.Integer(), server_default='0', nullable=False),
    sa.Column('stop_minutes', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('daily_quota >= 0', name=op.f('ck_category_rule_quota')),
    sa.CheckConstraint('stop_minutes >= 0', name=op.f('ck_category_rule_stop')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_category_rule_category_id_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('category_id', name=op.f('pk_category_rule'))
    )


def downgrade():
    op.drop_table('category_rule')
    op.drop_table('special_day')
    op.drop_table('weekday_hours')
