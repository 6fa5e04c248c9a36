"""The event journal and its head row.

The tables are the journal's, defined in the core beside its one writer (hall/core/journal.py).
"""
from hall.core.journal_models import Event, EventHead  # noqa: F401
