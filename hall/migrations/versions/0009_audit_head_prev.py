"""The audit head also keeps the previous hash, so PostgreSQL can append in one statement

Revision ID: 0009_audit_head_prev
Revises: 0008_figure_indexes
Create Date: 2026-11-29 07:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_audit_head_prev'
down_revision = '0008_figure_indexes'
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64


def upgrade():
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=False,
                                      server_default=GENESIS_HASH))
    # The head's previous hash is the hash its last entry was chained to.
    op.execute("UPDATE audit_head SET prev_hash = COALESCE((SELECT prev_hash FROM audit_entry "
               "WHERE audit_entry.id = audit_head.last_id), prev_hash)")


def downgrade():
    with op.batch_alter_table('audit_head', schema=None) as batch_op:
        batch_op.drop_column('prev_hash')
