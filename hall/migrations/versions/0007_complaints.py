"""complaints, suggestions and praise (回音壁); the duty-leader roster

Revision ID: 0007_complaints
Revises: 0006_ratings
Create Date: 2026-11-29 07:00:00

"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

# revision identifiers, used by Alembic.
revision = '0007_complaints'
down_revision = '0006_ratings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('duty_leader',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('updated_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_leader')),
    sa.UniqueConstraint('day', name=op.f('uq_duty_leader_day'))
    )
    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('case_no', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('reply_due', sa.Date(), nullable=True),
    sa.Column('calendar_missing_year', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('answered_by', sa.String(length=40), nullable=False),
    sa.Column('resolved_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=40), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('withhold_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_complaint_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_complaint_window_id_window'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_window_id'), ['window_id'], unique=False)



def downgrade():
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_window_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_kind'))
        batch_op.drop_index(batch_op.f('ix_complaint_department_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_created_at'))

    op.drop_table('complaint')
    op.drop_table('duty_leader')
