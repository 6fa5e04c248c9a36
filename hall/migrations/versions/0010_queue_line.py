"""Each category's day keeps the length of its line, maintained by triggers on ticket;
tickets at no window leave ix_ticket_window

Revision ID: 0010_queue_line
Revises: 0009_audit_head_prev
Create Date: 2026-11-29 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_queue_line'
down_revision = '0009_audit_head_prev'
branch_labels = None
depends_on = None

# A later migration that rebuilds `ticket` on SQLite (batch mode copies the table) must
# create these triggers again.
#
# A ticket joins its category's line when it is inserted or set waiting, and leaves it when
# it stops waiting, moves to another line or is deleted. The counter row of a line that had
# no number issued today (a transfer into another category) is created at last_seq 0.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER ticket_line_insert AFTER INSERT ON ticket WHEN NEW.status = 'waiting'
    BEGIN
        INSERT INTO ticket_counter (category_id, day, last_seq, waiting)
        VALUES (NEW.category_id, NEW.day, 0, 1)
        ON CONFLICT (category_id, day) DO UPDATE SET waiting = waiting + 1;
    END""",
    """CREATE TRIGGER ticket_line_leave AFTER UPDATE OF status, category_id, day ON ticket
    WHEN OLD.status = 'waiting' AND (NEW.status != 'waiting'
        OR NEW.category_id != OLD.category_id OR NEW.day != OLD.day)
    BEGIN
        UPDATE ticket_counter SET waiting = waiting - 1
        WHERE category_id = OLD.category_id AND day = OLD.day;
    END""",
    """CREATE TRIGGER ticket_line_join AFTER UPDATE OF status, category_id, day ON ticket
    WHEN NEW.status = 'waiting' AND (OLD.status != 'waiting'
        OR NEW.category_id != OLD.category_id OR NEW.day != OLD.day)
    BEGIN
        INSERT INTO ticket_counter (category_id, day, last_seq, waiting)
        VALUES (NEW.category_id, NEW.day, 0, 1)
        ON CONFLICT (category_id, day) DO UPDATE SET waiting = waiting + 1;
    END""",
    """CREATE TRIGGER ticket_line_delete AFTER DELETE ON ticket WHEN OLD.status = 'waiting'
    BEGIN
        UPDATE ticket_counter SET waiting = waiting - 1
        WHERE category_id = OLD.category_id AND day = OLD.day;
    END""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION ticket_line_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waiting' THEN
            UPDATE ticket_counter SET waiting = waiting - 1
            WHERE category_id = OLD.category_id AND day = OLD.day;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'waiting' THEN
            INSERT INTO ticket_counter AS c (category_id, day, last_seq, waiting)
            VALUES (NEW.category_id, NEW.day, 0, 1)
            ON CONFLICT (category_id, day) DO UPDATE SET waiting = c.waiting + 1;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER ticket_line_insert AFTER INSERT ON ticket FOR EACH ROW
    WHEN (NEW.status = 'waiting') EXECUTE FUNCTION ticket_line_count()""",
    """CREATE TRIGGER ticket_line_update AFTER UPDATE OF status, category_id, day ON ticket
    FOR EACH ROW WHEN ((OLD.status = 'waiting' OR NEW.status = 'waiting')
        AND (OLD.status, OLD.category_id, OLD.day) IS DISTINCT FROM
            (NEW.status, NEW.category_id, NEW.day))
    EXECUTE FUNCTION ticket_line_count()""",
    """CREATE TRIGGER ticket_line_delete AFTER DELETE ON ticket FOR EACH ROW
    WHEN (OLD.status = 'waiting') EXECUTE FUNCTION ticket_line_count()""",
]


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
    triggers = SQLITE_TRIGGERS if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL_TRIGGERS
    for statement in triggers:
        op.execute(statement)
    op.drop_index('ix_ticket_window', table_name='ticket')
    op.create_index('ix_ticket_window', 'ticket', ['window_id', 'status'], unique=False,
                    sqlite_where=sa.text('window_id IS NOT NULL'),
                    postgresql_where=sa.text('window_id IS NOT NULL'))


def downgrade():
    op.drop_index('ix_ticket_window', table_name='ticket')
    op.create_index('ix_ticket_window', 'ticket', ['window_id', 'status'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        for name in ('insert', 'leave', 'join', 'delete'):
            op.execute(f"DROP TRIGGER ticket_line_{name}")
    else:
        for name in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER ticket_line_{name} ON ticket")
        op.execute("DROP FUNCTION ticket_line_count()")
    with op.batch_alter_table('ticket_counter', schema=None) as batch_op:
        batch_op.drop_column('last_queued_at')
        batch_op.drop_column('waiting')
