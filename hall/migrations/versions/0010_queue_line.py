"""Each category's day keeps the length of its line, maintained by triggers on ticket;
tickets at no window leave ix_ticket_window

Revision ID: 0010_queue_line
Revises: 0009_audit_head_prev
Create Date: 2026-11-29 10:00:00
"""
import sqlalchemy as sa
from alembic import op

from hall.queue import line_triggers

revision = '0010_queue_line'
down_revision = '0009_audit_head_prev'
branch_labels = None
depends_on = None

# The triggers that keep `ticket_counter.waiting` (their names and statements are beside the
# models, in hall/queue/line_triggers.py).


def upgrade():
    with op.batch_alter_table('ticket_counter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_queued_at', sa.DateTime(), nullable=True))
    op.execute("INSERT INTO ticket_counter (category_id, day, last_seq, waiting) "
               "SELECT DISTINCT category_id, day, 0, 0 FROM ticket WHERE status = 'waiting' "
               "AND NOT EXISTS (SELECT 1 FROM ticket_counter c "
               "WHERE c.category_id = ticket.category_id AND c.day = ticket.day)")
    op.execute("UPDATE ticket_counter SET waiting = (SELECT count(*) FROM ticket "
               "WHERE ticket.status = 'waiting' AND ticket.category_id = ticket_counter.category_id "
               "AND ticket.day = ticket_counter.day)")
    for statement in line_triggers.create_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index('ix_ticket_window', table_name='ticket')
    op.create_index('ix_ticket_window', 'ticket', ['window_id', 'status'], unique=False,
                    sqlite_where=sa.text('window_id IS NOT NULL'),
                    postgresql_where=sa.text('window_id IS NOT NULL'))


def downgrade():
    op.drop_index('ix_ticket_window', table_name='ticket')
    op.create_index('ix_ticket_window', 'ticket', ['window_id', 'status'], unique=False)
    for statement in line_triggers.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('ticket_counter', schema=None) as batch_op:
        batch_op.drop_column('last_queued_at')
        batch_op.drop_column('waiting')
