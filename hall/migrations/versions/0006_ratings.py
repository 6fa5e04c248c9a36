"""ratings and follow-ups

Revision ID: 0006_ratings
Revises: 0005_cases
Create Date: 2026-11-29 06:00:00

"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

# revision identifiers, used by Alembic.
revision = '0006_ratings'
down_revision = '0005_cases'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.String(length=200), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(ticket_id IS NULL) <> (case_id IS NULL)', name=op.f('ck_rating_one_subject')),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_rating_level_range')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_rating_case_id_case')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_rating_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], name=op.f('fk_rating_item_id_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['user.id'], name=op.f('fk_rating_staff_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_rating_ticket_id_ticket')),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_rating_window_id_window'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('case_id', name=op.f('uq_rating_case_id')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_rating_ticket_id'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_window_id'), ['window_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('callback_due', sa.Date(), nullable=True),
    sa.Column('fix_due', sa.Date(), nullable=True),
    sa.Column('calendar_missing_year', sa.Integer(), nullable=True),
    sa.Column('callback_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('callback_note', sa.Text(), nullable=False),
    sa.Column('callback_by', sa.String(length=40), nullable=False),
    sa.Column('result_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('result_note', sa.Text(), nullable=False),
    sa.Column('result_by', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_follow_up_rating_id_rating'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
    sa.UniqueConstraint('rating_id', name=op.f('uq_follow_up_rating_id'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_status'))

    op.drop_table('follow_up')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_window_id'))
        batch_op.drop_index(batch_op.f('ix_rating_staff_id'))
        batch_op.drop_index(batch_op.f('ix_rating_item_id'))
        batch_op.drop_index(batch_op.f('ix_rating_department_id'))
        batch_op.drop_index(batch_op.f('ix_rating_created_at'))

    op.drop_table('rating')
