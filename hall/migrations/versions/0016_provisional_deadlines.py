"""Provisional deadlines for years whose calendar is not published

Revision ID: 0016_provisional_deadlines
Revises: 0015_hall_hours
Create Date: 2026-12-03 08:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0016_provisional_deadlines'
down_revision = '0015_hall_hours'
branch_labels = None
depends_on = None


def upgrade():
    # Existing cases were never counted on a provisional calendar: false for all of them.
    # A plain ADD COLUMN on both engines: batch mode would rebuild `case` on SQLite, and
    # dropping the old table trips the foreign keys of its materials, pauses and events.
    op.add_column('case', sa.Column('due_provisional', sa.Boolean(), nullable=False,
                                    server_default=sa.false()))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE "case" DROP COLUMN due_provisional')   # SQLite 3.35 and later
    else:
        op.drop_column('case', 'due_provisional')
