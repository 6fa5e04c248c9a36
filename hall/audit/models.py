"""Audit entries chained by SHA-256: each carries the hash of the one before.

The tables are the journal's, defined in the core beside its one writer (hall/core/journal.py).
"""
from hall.core.journal_models import CHAINED, GENESIS_HASH, AuditEntry, AuditHead, chained_fields  # noqa: F401
