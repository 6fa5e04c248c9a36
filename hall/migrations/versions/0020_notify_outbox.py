"""The notification outbox (消息通知)

Revision ID: 0020_notify_outbox
Revises: 0019_appointments
Create Date: 2026-12-04 11:00:00

One row per SMS, written in the same transaction as its cause; `key` names the event, so the
same event is queued once (hall/notify/outbox.py). The worker reads due rows by
(status, next_at) and counts recent sends per phone for the hourly limit.
"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

revision = '0020_notify_outbox'
down_revision = '0019_appointments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('next_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('lease_until', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('claim', sa.String(length=32), nullable=True),
    sa.Column('sent_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_message_key'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_status_next_at', ['status', 'next_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_at'), ['sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_phone'))
        batch_op.drop_index('ix_outbox_message_status_next_at')
    op.drop_table('outbox_message')
