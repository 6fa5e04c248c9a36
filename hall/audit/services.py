"""Recording and verifying the audit chain."""
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from .. import clock
from ..extensions import db
from .models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class Actor:
    """Who did something, and from where; services get it from the caller."""

    user_id: int | None = None
    username: str = ""
    role: str = ""
    address: str = ""

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(username=name, role="system")

    @classmethod
    def of(cls, user, address: str = "") -> "Actor":
        return cls(user_id=user.id, username=user.username, role=user.role or "",
                   address=address)


def entry_hash(fields: dict) -> str:
    """SHA-256 over the canonical JSON of an entry's chained fields."""
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _dump(state) -> str:
    if state is None:
        return ""
    return json.dumps(state, ensure_ascii=False, sort_keys=True, default=str)


def record(actor: Actor, action: str, obj=None, *, before=None, after=None,
           result: str = "ok", label: str | None = None) -> AuditEntry:
    """Append one entry to the chain inside the caller's transaction."""
    entry_id, prev_hash = _lock_head()
    entry = AuditEntry(
        id=entry_id, created_at=clock.now(), user_id=actor.user_id,
        username=actor.username[:40], role=actor.role, address=actor.address[:64],
        action=action, object_type=_type_of(obj), object_id=_id_of(obj),
        object_label=(label if label is not None else str(obj or ""))[:200],
        result=result, before=_dump(before), after=_dump(after), prev_hash=prev_hash)
    entry.hash = entry_hash(entry.chained_fields())
    db.session.execute(insert(AuditEntry).values(**entry.chained_fields_for_insert(),
                                                 hash=entry.hash))
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=entry.hash))
    return entry


def _lock_head() -> tuple[int, str]:
    """Take the chain's write lock and the next id in one UPDATE: writers queue here."""
    db.session.flush()
    row = db.session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_id=AuditHead.last_id + 1)
        .returning(AuditHead.last_id, AuditHead.last_hash)).first()
    if row is None:
        db.session.add(AuditHead(id=1, last_id=1, last_hash=GENESIS_HASH))
        db.session.flush()
        return 1, GENESIS_HASH
    return row.last_id, row.last_hash


def _type_of(obj) -> str:
    return type(obj).__name__ if obj is not None else ""


def _id_of(obj) -> str:
    value = getattr(obj, "id", None)
    return "" if value is None else str(value)


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
