"""Appointments (预约办理): slot templates, exceptions, slots, bookings, no-show blocks

Revision ID: 0019_appointments
Revises: 0018_report_rollups
Create Date: 2026-12-04 10:00:00

A slot's `booked` stays within 0..capacity by a CHECK, and a person holds at most one
booked appointment per category by a partial unique index (hall/appointments/models.py).
"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

revision = '0019_appointments'
down_revision = '0018_report_rollups'
branch_labels = None
depends_on = None

ACTIVE_BOOKING = "status = 'booked'"


def upgrade():
    op.create_table('slot_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_slot_template_weekday')),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_slot_template_capacity')),
    sa.CheckConstraint('start_time < end_time', name=op.f('ck_slot_template_times')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                            name=op.f('fk_slot_template_category_id_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_template')),
    sa.UniqueConstraint('category_id', 'weekday', 'start_time',
                        name=op.f('uq_slot_template_category_id'))
    )
    op.create_table('slot_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_slot_exception_capacity')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                            name=op.f('fk_slot_exception_category_id_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_exception')),
    sa.UniqueConstraint('category_id', 'day', name=op.f('uq_slot_exception_category_id'))
    )
    op.create_table('slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=False),
    sa.Column('starts_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('ends_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name=op.f('ck_slot_booked')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                            name=op.f('fk_slot_category_id_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot')),
    sa.UniqueConstraint('category_id', 'day', 'start_time', name=op.f('uq_slot_category_id'))
    )
    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('checked_in_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('no_show_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('booked', 'checked_in', 'cancelled', 'no_show')",
                       name=op.f('ck_appointment_status')),
    sa.ForeignKeyConstraint(['slot_id'], ['slot.id'], name=op.f('fk_appointment_slot_id_slot')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'],
                            name=op.f('fk_appointment_category_id_category')),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'],
                            name=op.f('fk_appointment_ticket_id_ticket'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment')),
    sa.UniqueConstraint('code', name=op.f('uq_appointment_code')),
    sa.UniqueConstraint('token', name=op.f('uq_appointment_token'))
    )
    op.create_index('uq_appointment_active', 'appointment', ['id_number', 'category_id'],
                    unique=True, sqlite_where=sa.text(ACTIVE_BOOKING),
                    postgresql_where=sa.text(ACTIVE_BOOKING))
    op.create_index('ix_appointment_day', 'appointment', ['day', 'category_id', 'status'],
                    unique=False)
    op.create_index('ix_appointment_id_number', 'appointment', ['id_number', 'day'], unique=False)
    op.create_table('no_show_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('no_shows', sa.Integer(), nullable=False),
    sa.Column('since', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('until', hall.core.types.UTCDateTime(), nullable=False),
    sa.Column('lifted_at', hall.core.types.UTCDateTime(), nullable=True),
    sa.Column('lifted_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_no_show_block'))
    )
    op.create_index('ix_no_show_block_id_number', 'no_show_block', ['id_number', 'until'],
                    unique=False)


def downgrade():
    op.drop_index('ix_no_show_block_id_number', table_name='no_show_block')
    op.drop_table('no_show_block')
    op.drop_index('ix_appointment_id_number', table_name='appointment')
    op.drop_index('ix_appointment_day', table_name='appointment')
    op.drop_index('uq_appointment_active', table_name='appointment')
    op.drop_table('appointment')
    op.drop_table('slot')
    op.drop_table('slot_exception')
    op.drop_table('slot_template')
