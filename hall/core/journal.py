"""The journal: the hash-chained audit trail and the event stream, written inside the
caller's transaction. Every writer goes through here.

Each of the two has one SQLite path (a prepared statement per step: move the head, insert)
and one PostgreSQL path (one statement: the head's UPDATE … RETURNING feeds the INSERT).
A writer that builds a larger statement around them (issuing a ticket) takes the PostgreSQL
pieces from here: `chained_entry` and `published_event`. Heads are always locked in the same
order, audit before event, so writers cannot deadlock.

An entry's hash is the SHA-256 of its canonical JSON, which on PostgreSQL holds values only
the statement knows (the entry's id, the previous hash; for a ticket its id and number).
Python writes the JSON with a mark where each such value goes (a `Hole`), `split_at_holes`
cuts it there, and `spliced` joins the pieces and the values in SQL: the hash is the one
`audit verify` computes from the stored row.
"""
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, Text, bindparam, cast, func, insert, select, true, update

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.journal_models import (
    CHAINED,
    GENESIS_HASH,
    AuditEntry,
    AuditHead,
    Event,
    EventHead,
    chained_fields,
)
from hall.core.prepared import Prepared

# --- canonical JSON and the holes the database fills ----------------------------------------


def canonical_json(fields: dict) -> str:
    """The one text an entry's hash is taken over."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(fields: dict) -> str:
    """SHA-256 over the canonical JSON of an entry's chained fields."""
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def event_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, default=str)


_MARK_START = "@@hall-"


@dataclass(frozen=True)
class Hole:
    """A place in a JSON text for a value the database fills in.

    Python puts `mark` (a string) where the value goes. A text value fills the mark inside
    its quotes; a number replaces the mark with its quotes, so the text is cut at `cut`.
    """

    name: str
    number: bool = False

    @property
    def mark(self) -> str:
        return f"{_MARK_START}{self.name}@@"

    @property
    def cut(self) -> str:
        return json.dumps(self.mark) if self.number else self.mark


ENTRY_ID = Hole("entry-id", number=True)
PREV_HASH = Hole("prev-hash")
# Where the holes of an entry's own place in the chain fall in its canonical JSON.
ENTRY_HOLES = (ENTRY_ID, PREV_HASH)


def split_at_holes(text: str, holes: Sequence[Hole]) -> list[str] | None:
    """The text between the holes; None unless it holds exactly these marks, in this order
    (a user's text may hold a mark: the caller then takes its step-by-step path)."""
    if text.count(_MARK_START) != len(holes):
        return None
    pieces, rest = [], text
    for hole in holes:
        piece, found, rest = rest.partition(hole.cut)
        if not found:
            return None
        pieces.append(piece)
    pieces.append(rest)
    return pieces


def spliced(name: str, values: Sequence):
    """SQL text: the pieces, bound as name_0, name_1, …, with the values between them."""
    result = bindparam(f"{name}_0", type_=Text)
    for n, value in enumerate(values, 1):
        result = result + value + bindparam(f"{name}_{n}", type_=Text)
    return result


def splice_params(name: str, pieces: Sequence[str]) -> dict:
    """The parameters `spliced(name, …)` binds."""
    return {f"{name}_{n}": piece for n, piece in enumerate(pieces)}


# --- the audit trail --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """Where an entry went in the chain."""

    id: int
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ObjectRef:
    """Names an object by its model's name and id, for writers that skip the ORM."""

    type_name: str
    id: int | str


def entry_values(actor: Actor, action: str, obj=None, *, before=None, after=None,
                 result: str = "ok", label: str | None = None, created_at=None) -> dict:
    """An entry's column values, all but its place in the chain (id, prev_hash, hash)."""
    return {
        "created_at": created_at or clock.now(), "user_id": actor.user_id,
        "username": actor.username[:40], "role": actor.role, "address": actor.address[:64],
        "action": action, "object_type": _type_of(obj), "object_id": _id_of(obj),
        "object_label": (label if label is not None else str(obj or ""))[:200],
        "result": result, "before": _dump(before), "after": _dump(after)}


def _dump(state) -> str:
    if state is None:
        return ""
    return json.dumps(state, ensure_ascii=False, sort_keys=True, default=str)


def _type_of(obj) -> str:
    if isinstance(obj, ObjectRef):
        return obj.type_name
    return type(obj).__name__ if obj is not None else ""


def _id_of(obj) -> str:
    value = getattr(obj, "id", None)
    return "" if value is None else str(value)


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
    return _append_step_by_step(connection, values)


def _append_step_by_step(connection, values: dict) -> Recorded:
    """Lock the head, chain the entry to it, insert it and move the head on."""
    values["id"], values["prev_hash"] = _lock_audit_head(connection)
    values["hash"] = entry_hash(chained_fields(values))
    _INSERT_ENTRY.run(values, connection).close()
    _SET_HEAD_HASH.run({"new_hash": values["hash"], "new_prev": values["prev_hash"]},
                       connection).close()
    return Recorded(values["id"], values["prev_hash"], values["hash"])


def _lock_audit_head(connection) -> tuple[int, str]:
    """Take the chain's write lock and the next id in one UPDATE: writers queue here."""
    row = _MOVE_AUDIT_HEAD.one({}, connection)
    if row is None:
        db.session.add(AuditHead(id=1, last_id=1, last_hash=GENESIS_HASH))
        db.session.flush()
        return 1, GENESIS_HASH
    return row[0], row[1]


def _append_in_one_statement(connection, values: dict) -> Recorded | None:
    """PostgreSQL: move the head, hash and insert in one round trip; None if there is no
    head yet or a text holds a mark."""
    pieces = split_at_holes(
        canonical_json(chained_fields({**values, "id": ENTRY_ID.mark,
                                       "prev_hash": PREV_HASH.mark})), ENTRY_HOLES)
    if pieces is None:
        return None
    row = _PG_APPEND.one({**values, **splice_params("entry", pieces)}, connection)
    return None if row is None else Recorded(*row)


def chained_entry(holes: Sequence[Hole], columns: dict | None = None, *, fills=None,
                  source=None, when=()):
    """PostgreSQL: INSERT … SELECT of an entry from the audit head's UPDATE … RETURNING,
    which moves the head on and stores the SHA-256 of the canonical JSON.

    The JSON is bound as pieces entry_0, entry_1, … cut at `holes`; `fills` gives the SQL
    value of each hole beyond the entry's own id and previous hash. A column missing from
    `columns` is bound by its name. `source` (a CTE) is joined in and `when` added to the
    head's WHERE, so the entry is written only when the row it records was.
    """
    fills = {ENTRY_ID.name: cast(_AUDIT_HEAD.c.last_id + 1, String),
             PREV_HASH.name: _AUDIT_HEAD.c.last_hash, **(fills or {})}
    canonical = spliced("entry", [fills[hole.name] for hole in holes])
    chained = (update(_AUDIT_HEAD).where(_AUDIT_HEAD.c.id == 1, *when)
               .values(last_id=_AUDIT_HEAD.c.last_id + 1, prev_hash=_AUDIT_HEAD.c.last_hash,
                       last_hash=func.encode(func.sha256(func.convert_to(canonical, "UTF8")),
                                             "hex"))
               .returning(_AUDIT_HEAD.c.last_id, _AUDIT_HEAD.c.prev_hash,
                          _AUDIT_HEAD.c.last_hash)
               .cte("chained"))
    columns = columns or {}
    values = {"id": chained.c.last_id,
              **{name: columns.get(name, bindparam(name, type_=_ENTRY.c[name].type))
                 for name in CHAINED if name not in ("id", "prev_hash")},
              "prev_hash": chained.c.prev_hash, "hash": chained.c.last_hash}
    return _insert_from(_ENTRY, values, chained, source)


# --- the event stream -------------------------------------------------------------------------


def publish(kind: str, payload: dict, now: datetime, connection=None) -> int:
    """Append an event; it becomes visible when the caller commits. Call it last."""
    values = {"created_at": now, "kind": kind, "payload": event_json(payload)}
    connection = connection if connection is not None else db.session.connection()
    if connection.dialect.name == "postgresql":
        row = _PG_PUBLISH.one(values, connection)
        if row is not None:
            return row[0]
    return _publish_step_by_step(connection, values)


def _publish_step_by_step(connection, values: dict) -> int:
    row = _MOVE_EVENT_HEAD.one({}, connection)
    if row is None:
        db.session.add(EventHead(id=1, last_id=1))
        db.session.flush()
        next_id = 1
    else:
        next_id = row[0]
    _INSERT_EVENT.run({"id": next_id, **values}, connection).close()
    return next_id


def published_event(payload, *, kind=None, created_at=None, source=None, when=()):
    """PostgreSQL: INSERT … SELECT of an event from the event head's UPDATE … RETURNING.
    Values not given are bound by their column's name; `source` and `when` as in
    `chained_entry`."""
    announced = (update(_EVENT_HEAD).where(_EVENT_HEAD.c.id == 1, *when)
                 .values(last_id=_EVENT_HEAD.c.last_id + 1).returning(_EVENT_HEAD.c.last_id)
                 .cte("announced"))
    values = {"id": announced.c.last_id,
              "created_at": (created_at if created_at is not None
                             else bindparam("created_at", type_=_EVENT.c.created_at.type)),
              "kind": kind if kind is not None else bindparam("kind", type_=String),
              "payload": payload}
    return _insert_from(_EVENT, values, announced, source)


# --- both ---------------------------------------------------------------------------------------


def record_and_publish(actor: Actor, action: str, obj=None, *, event: dict, now: datetime,
                       before=None, after=None, label: str | None = None,
                       connection=None) -> Recorded:
    """The audit entry and the event of one action (the event's kind), in the order every
    writer takes the heads."""
    connection = connection if connection is not None else db.session.connection()
    recorded = record(actor, action, obj, before=before, after=after, label=label,
                      connection=connection)
    publish(action, event, now, connection)
    return recorded


def _insert_from(table, values: dict, head_cte, source=None):
    joined = head_cte if source is None else head_cte.join(source, true())
    return insert(table).from_select(list(values), select(*values.values()).select_from(joined))


_AUDIT_HEAD, _ENTRY = AuditHead.__table__, AuditEntry.__table__
_EVENT_HEAD, _EVENT = EventHead.__table__, Event.__table__

_INSERT_ENTRY = Prepared(lambda dialect: insert(_ENTRY).values(
    {name: bindparam(name, type_=_ENTRY.c[name].type) for name in (*CHAINED, "hash")}))
_MOVE_AUDIT_HEAD = Prepared(lambda dialect: update(_AUDIT_HEAD).where(_AUDIT_HEAD.c.id == 1)
                            .values(last_id=_AUDIT_HEAD.c.last_id + 1)
                            .returning(_AUDIT_HEAD.c.last_id, _AUDIT_HEAD.c.last_hash))
_SET_HEAD_HASH = Prepared(lambda dialect: update(_AUDIT_HEAD).where(_AUDIT_HEAD.c.id == 1)
                          .values(last_hash=bindparam("new_hash"),
                                  prev_hash=bindparam("new_prev")))
_PG_APPEND = Prepared(lambda dialect: chained_entry(ENTRY_HOLES).returning(
    _ENTRY.c.id, _ENTRY.c.prev_hash, _ENTRY.c.hash))

_MOVE_EVENT_HEAD = Prepared(lambda dialect: update(_EVENT_HEAD).where(_EVENT_HEAD.c.id == 1)
                            .values(last_id=_EVENT_HEAD.c.last_id + 1)
                            .returning(_EVENT_HEAD.c.last_id))
_INSERT_EVENT = Prepared(lambda dialect: insert(_EVENT).values(
    {name: bindparam(name, type_=_EVENT.c[name].type)
     for name in ("id", "created_at", "kind", "payload")}))
_PG_PUBLISH = Prepared(lambda dialect: published_event(
    bindparam("payload", type_=Text)).returning(_EVENT.c.id))
