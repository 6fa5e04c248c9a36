"""Sessions that end: a per-account session version; login limits

Revision ID: 0012_sessions
Revises: 0011_window_one_ticket
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0012_sessions'
down_revision = '0011_window_one_ticket'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
