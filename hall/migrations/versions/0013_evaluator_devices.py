"""Evaluator tablets as registered devices; one-time rating keys; one-time kiosk links

Revision ID: 0013_evaluator_devices
Revises: 0012_sessions
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import hall.core.types

revision = '0013_evaluator_devices'
down_revision = '0012_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('link_expires_at', hall.core.types.UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_kiosk_link_hash'), ['link_hash'])

    op.create_table('evaluator_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=True),
    sa.Column('link_hash', sa.String(length=64), nullable=True),
    sa.Column('link_expires_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('enrolled_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_evaluator_device_window_id_window'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluator_device')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_evaluator_device_key_hash')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_evaluator_device_link_hash')),
    sa.UniqueConstraint('name', name=op.f('uq_evaluator_device_name')),
    sa.UniqueConstraint('window_id', name=op.f('uq_evaluator_device_window_id'))
    )
    op.create_table('rating_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('used_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(ticket_id IS NULL) <> (case_id IS NULL)', name=op.f('ck_rating_key_one_subject')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_rating_key_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_rating_key_ticket_id_ticket'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_rating_key_window_id_window'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_key')),
    sa.UniqueConstraint('case_id', name=op.f('uq_rating_key_case_id')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_rating_key_key_hash')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_rating_key_ticket_id'))
    )
    with op.batch_alter_table('rating_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_key_window_id'), ['window_id'], unique=False)


def downgrade():
    with op.batch_alter_table('rating_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_key_window_id'))
    op.drop_table('rating_key')
    op.drop_table('evaluator_device')
    with op.batch_alter_table('kiosk', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_kiosk_link_hash'), type_='unique')
        batch_op.drop_column('link_expires_at')
        batch_op.drop_column('link_hash')
