"""Recording and verifying the audit chain."""
import functools
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import String, bindparam, cast, func, insert, select, update

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
    entry = AuditEntry(
        created_at=clock.now(), user_id=actor.user_id,
        username=actor.username[:40], role=actor.role, address=actor.address[:64],
        action=action, object_type=_type_of(obj), object_id=_id_of(obj),
        object_label=(label if label is not None else str(obj or ""))[:200],
        result=result, before=_dump(before), after=_dump(after))
    db.session.flush()
    if db.session.get_bind().dialect.name != "postgresql" or not _append_in_one_statement(entry):
        _append(entry)
    return entry


def _append(entry: AuditEntry) -> None:
    """Lock the head, chain the entry to it, insert it and move the head on."""
    entry.id, entry.prev_hash = _lock_head()
    entry.hash = entry_hash(entry.chained_fields())
    connection = db.session.connection()
    connection.execute(_INSERT_ENTRY, {**entry.chained_fields_for_insert(), "hash": entry.hash})
    connection.execute(_SET_HEAD_HASH, {"new_hash": entry.hash, "new_prev": entry.prev_hash})


def _lock_head() -> tuple[int, str]:
    """Take the chain's write lock and the next id in one UPDATE: writers queue here."""
    row = db.session.connection().execute(_MOVE_HEAD).first()
    if row is None:
        db.session.add(AuditHead(id=1, last_id=1, last_hash=GENESIS_HASH))
        db.session.flush()
        return 1, GENESIS_HASH
    return row.last_id, row.last_hash


_HEAD = AuditHead.__table__
_INSERT_ENTRY = insert(AuditEntry.__table__)
_MOVE_HEAD = (update(_HEAD).where(_HEAD.c.id == 1).values(last_id=_HEAD.c.last_id + 1)
              .returning(_HEAD.c.last_id, _HEAD.c.last_hash))
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.id == 1).values(
    last_hash=bindparam("new_hash"), prev_hash=bindparam("new_prev"))
_ID_MARK, _PREV_MARK = "\x00id\x00", "\x00prev\x00"


def _append_in_one_statement(entry: AuditEntry) -> bool:
    """PostgreSQL: move the head, hash and insert in one round trip; False if no head.

    The hash is the same SHA-256 over the same canonical JSON that verify_chain computes:
    Python writes the JSON with markers where the id and the previous hash go, and the
    database splices in the values it holds under the head's row lock.
    """
    entry.id, entry.prev_hash = _ID_MARK, _PREV_MARK
    text = json.dumps(entry.chained_fields(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    head, rest = text.split(json.dumps(_ID_MARK), 1)
    middle, tail = rest.split(json.dumps(_PREV_MARK), 1)
    values = entry.chained_fields_for_insert()
    del values["id"], values["prev_hash"]
    row = db.session.connection().execute(_pg_append_statement(), {
        **values, "json_head": head, "json_middle": middle + '"', "json_tail": '"' + tail}).first()
    if row is None:
        return False
    entry.id, entry.prev_hash, entry.hash = row
    return True


@functools.cache
def _pg_append_statement():
    """Built once: UPDATE audit_head … RETURNING, then INSERT … SELECT from it."""
    spliced = (bindparam("json_head", type_=String) + cast(AuditHead.last_id + 1, String)
               + bindparam("json_middle", type_=String) + AuditHead.last_hash
               + bindparam("json_tail", type_=String))
    new_hash = func.encode(func.sha256(func.convert_to(spliced, "UTF8")), "hex")
    moved = (update(AuditHead).where(AuditHead.id == 1)
             .values(last_id=AuditHead.last_id + 1, prev_hash=AuditHead.last_hash,
                     last_hash=new_hash)
             .returning(AuditHead.last_id, AuditHead.prev_hash, AuditHead.last_hash)
             .cte("moved"))
    columns = [c for c in AuditEntry.__table__.columns.keys()
               if c not in ("id", "prev_hash", "hash")]
    source = select(moved.c.last_id, *[bindparam(c, type_=AuditEntry.__table__.c[c].type)
                                       for c in columns],
                    moved.c.prev_hash, moved.c.last_hash)
    return (insert(AuditEntry).from_select(["id", *columns, "prev_hash", "hash"], source)
            .returning(AuditEntry.id, AuditEntry.prev_hash, AuditEntry.hash))


@dataclass(frozen=True)
class ObjectRef:
    """Names an object by its model's name and id, for writers that skip the ORM."""

    type_name: str
    id: int


def _type_of(obj) -> str:
    if isinstance(obj, ObjectRef):
        return obj.type_name
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
