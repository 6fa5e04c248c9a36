"""Sessions that end: a per-account session version; login limits

Revision ID: 0012_sessions
Revises: 0011_window_one_ticket
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_sessions'
down_revision = '0011_window_one_ticket'
branch_labels = None
depends_on = None

# Plain ALTER TABLE on both engines: rebuilding `user` on SQLite would cascade the deletes
# of the tables that refer to it.
TABLES = ('user', 'api_token')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, recreate='never') as batch_op:
            batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                          server_default='0'))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate='never') as batch_op:
            batch_op.drop_column('session_version')
