"""A window holds at most one called or serving ticket; one-time form tokens

Revision ID: 0011_window_one_ticket
Revises: 0010_queue_line
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa
from alembic import op

import hall.core.types

revision = '0011_window_one_ticket'
down_revision = '0010_queue_line'
branch_labels = None
depends_on = None

ACTIVE = "status IN ('called', 'serving')"

# Before the index, a window could be left holding several tickets by simultaneous calls.
# It keeps the one its console shows (serving before called, then the latest call); the
# others go back to their line, never lost: the ticket_line triggers of 0010 count them in.
# An UPDATE, not a batch rebuild of `ticket`, which would drop those triggers.
RETURN_EXTRA_TICKETS = f"""
UPDATE ticket SET status = 'waiting', window_id = NULL
WHERE {ACTIVE} AND window_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM ticket AS kept
    WHERE kept.window_id = ticket.window_id AND kept.{ACTIVE} AND kept.id != ticket.id
      AND (CASE WHEN kept.status = 'serving' THEN 1 ELSE 0 END,
           COALESCE(kept.called_at, kept.issued_at), kept.id)
        > (CASE WHEN ticket.status = 'serving' THEN 1 ELSE 0 END,
           COALESCE(ticket.called_at, ticket.issued_at), ticket.id))
"""


def upgrade():
    op.execute(RETURN_EXTRA_TICKETS)
    op.create_index('uq_ticket_window_active', 'ticket', ['window_id'], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('resource', sa.String(length=40), nullable=False),
    sa.Column('created_at', hall.core.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission')),
    sa.UniqueConstraint('scope', 'key_hash', name=op.f('uq_submission_scope'))
    )
    op.create_index('ix_submission_created_at', 'submission', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_submission_created_at', table_name='submission')
    op.drop_table('submission')
    op.drop_index('uq_ticket_window_active', table_name='ticket')
