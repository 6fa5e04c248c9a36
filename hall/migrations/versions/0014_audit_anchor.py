"""The audit chain's head anchored outside the database

Revision ID: 0014_audit_anchor
Revises: 0013_evaluator_devices
Create Date: 2026-12-02 19:45:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = '0014_audit_anchor'
down_revision = '0013_evaluator_devices'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
