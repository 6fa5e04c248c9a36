"""Verifying the audit chain; entries are written by the journal (hall/core/journal.py),
whose writer services take from here."""
from sqlalchemy import select

from hall.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from hall.core.actor import Actor  # noqa: F401  (services and views take it from here)
from hall.core.extensions import db
from hall.core.journal import ObjectRef, Recorded, entry_hash, entry_values, record  # noqa: F401  (the writer, where its ~100 callers look)


def verify_chain(batch: int = 5000) -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order; returns (entries checked, first bad entry, why)."""
    prev_hash, expected_id, checked = GENESIS_HASH, 1, 0
    last_id = 0
    while True:
        rows = db.session.scalars(select(AuditEntry).where(AuditEntry.id > last_id)
                                  .order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            break
        for entry in rows:
            problem = _problem_with(entry, expected_id, prev_hash)
            if problem:
                return checked, entry, problem
            prev_hash, expected_id, checked = entry.hash, entry.id + 1, checked + 1
        last_id = rows[-1].id
    return checked, None, _problem_with_head(expected_id - 1, prev_hash)


def _problem_with(entry: AuditEntry, expected_id: int, prev_hash: str) -> str:
    if entry.id != expected_id:
        return f"entries {expected_id}..{entry.id - 1} are missing"
    if entry.prev_hash != prev_hash:
        return "prev_hash does not match the entry before"
    if entry_hash(entry.chained_fields()) != entry.hash:
        return "content does not match its hash"
    return ""


def _problem_with_head(last_id: int, last_hash: str) -> str:
    head = db.session.get(AuditHead, 1)
    if head is None:
        return "" if last_id == 0 else "chain head is missing"
    if (head.last_id, head.last_hash) != (last_id, last_hash):
        return f"chain head names entry {head.last_id}, the log ends at {last_id}"
    return ""
