"""Recording and verifying the audit chain."""
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import String, bindparam, cast, func, insert, select, update

from hall.core import clock
from hall.core.extensions import db
from hall.core.prepared import Prepared
from hall.audit.models import CHAINED, GENESIS_HASH, AuditEntry, AuditHead, chained_fields


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


@dataclass(frozen=True)
class Recorded:
    """Where an entry went in the chain."""

    id: int
    prev_hash: str
    hash: str


def entry_values(actor: Actor, action: str, obj=None, *, before=None, after=None,
                 result: str = "ok", label: str | None = None, created_at=None) -> dict:
    """An entry's column values, all but its place in the chain (id, prev_hash, hash)."""
    return {
        "created_at": created_at or clock.now(), "user_id": actor.user_id,
        "username": actor.username[:40], "role": actor.role, "address": actor.address[:64],
        "action": action, "object_type": _type_of(obj), "object_id": _id_of(obj),
        "object_label": (label if label is not None else str(obj or ""))[:200],
        "result": result, "before": _dump(before), "after": _dump(after)}


def record(actor: Actor, action: str, obj=None, *, before=None, after=None,
           result: str = "ok", label: str | None = None, connection=None) -> Recorded:
    """Append one entry to the chain inside the caller's transaction (on the session's
    `connection`, when the caller has it at hand)."""
    values = entry_values(actor, action, obj, before=before, after=after, result=result,
                          label=label)
    db.session.flush()   # the change being recorded is written before its entry
    connection = connection if connection is not None else db.session.connection()
    if connection.dialect.name == "postgresql":
        appended = _append_in_one_statement(connection, values)
        if appended is not None:
            return appended
    return _append(connection, values)


def _append(connection, values: dict) -> Recorded:
    """Lock the head, chain the entry to it, insert it and move the head on."""
    values["id"], values["prev_hash"] = _lock_head(connection)
    values["hash"] = entry_hash(chained_fields(values))
    _INSERT_ENTRY.run(values, connection).close()
    _SET_HEAD_HASH.run({"new_hash": values["hash"], "new_prev": values["prev_hash"]},
                       connection).close()
    return Recorded(values["id"], values["prev_hash"], values["hash"])


def _lock_head(connection) -> tuple[int, str]:
    """Take the chain's write lock and the next id in one UPDATE: writers queue here."""
    row = _MOVE_HEAD.one({}, connection)
    if row is None:
        db.session.add(AuditHead(id=1, last_id=1, last_hash=GENESIS_HASH))
        db.session.flush()
        return 1, GENESIS_HASH
    return row[0], row[1]


_HEAD = AuditHead.__table__
_ENTRY = AuditEntry.__table__
_INSERT_ENTRY = Prepared(lambda dialect: insert(_ENTRY).values(
    {name: bindparam(name, type_=_ENTRY.c[name].type) for name in (*CHAINED, "hash")}))
_MOVE_HEAD = Prepared(lambda dialect: update(_HEAD).where(_HEAD.c.id == 1)
                      .values(last_id=_HEAD.c.last_id + 1)
                      .returning(_HEAD.c.last_id, _HEAD.c.last_hash))
_SET_HEAD_HASH = Prepared(lambda dialect: update(_HEAD).where(_HEAD.c.id == 1).values(
    last_hash=bindparam("new_hash"), prev_hash=bindparam("new_prev")))
_ID_MARK, _PREV_MARK = "\x00id\x00", "\x00prev\x00"


def _append_in_one_statement(connection, values: dict) -> Recorded | None:
    """PostgreSQL: move the head, hash and insert in one round trip; None if no head.

    The hash is the same SHA-256 over the same canonical JSON that verify_chain computes:
    Python writes the JSON with markers where the id and the previous hash go, and the
    database splices in the values it holds under the head's row lock.
    """
    text = json.dumps(chained_fields({**values, "id": _ID_MARK, "prev_hash": _PREV_MARK}),
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    head, rest = text.split(json.dumps(_ID_MARK), 1)
    middle, tail = rest.split(json.dumps(_PREV_MARK), 1)
    row = _PG_APPEND.one({**values, "json_head": head, "json_middle": middle + '"',
                          "json_tail": '"' + tail}, connection)
    return None if row is None else Recorded(*row)


def _pg_append_statement(dialect: str):
    """UPDATE audit_head … RETURNING, then INSERT … SELECT from it."""
    spliced = (bindparam("json_head", type_=String) + cast(_HEAD.c.last_id + 1, String)
               + bindparam("json_middle", type_=String) + _HEAD.c.last_hash
               + bindparam("json_tail", type_=String))
    new_hash = func.encode(func.sha256(func.convert_to(spliced, "UTF8")), "hex")
    moved = (update(_HEAD).where(_HEAD.c.id == 1)
             .values(last_id=_HEAD.c.last_id + 1, prev_hash=_HEAD.c.last_hash,
                     last_hash=new_hash)
             .returning(_HEAD.c.last_id, _HEAD.c.prev_hash, _HEAD.c.last_hash)
             .cte("moved"))
    columns = [c for c in CHAINED if c not in ("id", "prev_hash")]
    source = select(moved.c.last_id, *[bindparam(c, type_=_ENTRY.c[c].type) for c in columns],
                    moved.c.prev_hash, moved.c.last_hash)
    return (insert(_ENTRY).from_select(["id", *columns, "prev_hash", "hash"], source)
            .returning(_ENTRY.c.id, _ENTRY.c.prev_hash, _ENTRY.c.hash))


_PG_APPEND = Prepared(_pg_append_statement)


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
