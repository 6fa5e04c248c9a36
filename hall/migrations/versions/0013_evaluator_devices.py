"""Evaluator tablets as registered devices; one-time rating keys; one-time kiosk links

Revision ID: 0013_evaluator_devices
Revises: 0012_sessions
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0013_evaluator_devices'
down_revision = '0012_sessions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
