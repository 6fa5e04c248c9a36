"""A window holds at most one called or serving ticket; one-time form tokens

Revision ID: 0011_window_one_ticket
Revises: 0010_queue_line
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0011_window_one_ticket'
down_revision = '0010_queue_line'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
