"""Tickets of booked appointments and tickets with a mobile number

Revision ID: 0021_ticket_appointment
Revises: 0020_notify_outbox
Create Date: 2026-12-03 19:00:00

A ticket checked in from a booking keeps its 预约码 and is called after the green channel,
before walk-ins: the ranks become 4 (green channel), 2 (appointment), +1 (transferred to the
front), so the green-channel tickets already waiting move from 2/3 to 4/5. A ticket may carry
the mobile number its holder left for "your turn is near" messages.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021_ticket_appointment'
down_revision = '0020_notify_outbox'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on SQLite: rebuilding `ticket` would drop its line triggers (0010).
    op.add_column('ticket', sa.Column('appointment_code', sa.String(length=12), nullable=True))
    op.add_column('ticket', sa.Column('phone', sa.String(length=20), nullable=True))
    op.execute('UPDATE ticket SET rank = rank + 2 WHERE rank >= 2')


def downgrade():
    # Appointment tickets become walk-ins again (2/3 -> 0/1), then green channel 4/5 -> 2/3.
    op.execute('UPDATE ticket SET rank = rank - 2 WHERE rank IN (2, 3)')
    op.execute('UPDATE ticket SET rank = rank - 2 WHERE rank >= 4')
    # In place on SQLite too (3.35+): a batch rebuild would drop the line triggers.
    op.execute('ALTER TABLE ticket DROP COLUMN phone')
    op.execute('ALTER TABLE ticket DROP COLUMN appointment_code')
