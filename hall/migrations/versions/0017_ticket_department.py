"""A department and an item for every ticket: the month report in one grouped pass

Revision ID: 0017_ticket_department
Revises: 0016_provisional_deadlines
Create Date: 2026-12-03 08:00:00

Tickets get the department the reports count them for (hall/queue/attribution.py gives the
rule) and the item of their first case, backfilled with that rule; cases get an index on
their ticket (a ticket's first case). The month report then groups tickets by columns in
one pass instead of joining every ticket to its first case.
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_ticket_department'
down_revision = '0016_provisional_deadlines'
branch_labels = None
depends_on = None

FK_NAME = 'fk_ticket_department_id_department'
ITEM_FK_NAME = 'fk_ticket_item_id_item'


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # A plain ADD COLUMN: rebuilding `ticket` (batch mode) would drop its line triggers
        # (migration 0010) and cascade to the cases and ratings that name a ticket.
        op.execute(f'ALTER TABLE ticket ADD COLUMN department_id INTEGER CONSTRAINT {FK_NAME} '
                   'REFERENCES department (id)')
        op.execute(f'ALTER TABLE ticket ADD COLUMN item_id INTEGER CONSTRAINT {ITEM_FK_NAME} '
                   'REFERENCES item (id)')
    else:
        op.add_column('ticket', sa.Column('department_id', sa.Integer(), nullable=True))
        op.add_column('ticket', sa.Column('item_id', sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, 'ticket', 'department', ['department_id'], ['id'])
        op.create_foreign_key(ITEM_FK_NAME, 'ticket', 'item', ['item_id'], ['id'])
    op.create_index(op.f('ix_case_ticket_id'), 'case', ['ticket_id'], unique=False)
    _backfill()


def _backfill():
    """The same rule as new tickets get (hall.queue.attribution.backfill)."""
    from hall.queue import attribution
    attribution.backfill(op.get_bind())


def downgrade():
    op.drop_index(op.f('ix_case_ticket_id'), table_name='case')
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite drops a column that only references another table in place (3.35+).
        op.execute('ALTER TABLE ticket DROP COLUMN item_id')
        op.execute('ALTER TABLE ticket DROP COLUMN department_id')
    else:
        op.drop_constraint(ITEM_FK_NAME, 'ticket', type_='foreignkey')
        op.drop_constraint(FK_NAME, 'ticket', type_='foreignkey')
        op.drop_column('ticket', 'item_id')
        op.drop_column('ticket', 'department_id')
