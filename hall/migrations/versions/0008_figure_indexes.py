"""indexes for the figures on a large hall: open cases' warning colour, cases closed today

Revision ID: 0008_figure_indexes
Revises: 0007_complaints
Create Date: 2026-11-29 07:30:00

Measured by bench/dashboard_bench.py on 1 million cases: the open cases' colour counts and
lists read ix_case_warning alone (it covers every column of the colour, after the status;
it replaces ix_case_open_due, its first two columns); cases closed today are found by
ix_case_closed_at instead of a scan of every closed case. Plain index operations, no table
copy, so the upgrade of a large SQLite file takes seconds.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_figure_indexes'
down_revision = '0007_complaints'
branch_labels = None
depends_on = None

WARNING_COLUMNS = ['status', 'due_date', 'yellow_from', 'kind', 'clock_start_on',
                   'frozen_warning', 'legal_due_date', 'calendar_missing_year']


def upgrade():
    op.create_index('ix_case_warning', 'case', WARNING_COLUMNS, unique=False)
    op.drop_index('ix_case_open_due', table_name='case')
    op.create_index('ix_case_closed_at', 'case', ['closed_at'], unique=False)


def downgrade():
    op.drop_index('ix_case_closed_at', table_name='case')
    op.create_index('ix_case_open_due', 'case', ['status', 'due_date'], unique=False)
    op.drop_index('ix_case_warning', table_name='case')
