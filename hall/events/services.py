"""Publishing events inside the caller's transaction, and reading them back in order."""
import json
from datetime import datetime, timedelta

from sqlalchemy import String, Text, bindparam, delete, insert, select, update

from hall.core.extensions import db
from hall.core.prepared import Prepared
from hall.events.models import Event, EventHead


def publish(kind: str, payload: dict, now: datetime, connection=None) -> int:
    """Append an event; it becomes visible when the caller commits. Call it last."""
    values = {"created_at": now, "kind": kind,
              "payload": json.dumps(payload, ensure_ascii=False, default=str)}
    connection = connection if connection is not None else db.session.connection()
    if connection.dialect.name == "postgresql":
        row = _PG_PUBLISH.one(values, connection)
        if row is not None:
            return row[0]
    row = _MOVE_HEAD.one({}, connection)
    if row is None:
        db.session.add(EventHead(id=1, last_id=1))
        db.session.flush()
        next_id = 1
    else:
        next_id = row[0]
    _INSERT_EVENT.run({"id": next_id, **values}, connection).close()
    return next_id


_HEAD, _EVENT = EventHead.__table__, Event.__table__
_MOVE_HEAD = Prepared(lambda dialect: update(_HEAD).where(_HEAD.c.id == 1)
                      .values(last_id=_HEAD.c.last_id + 1).returning(_HEAD.c.last_id))
_INSERT_EVENT = Prepared(lambda dialect: insert(_EVENT).values(
    {name: bindparam(name, type_=_EVENT.c[name].type)
     for name in ("id", "created_at", "kind", "payload")}))


def _pg_publish_statement(dialect: str):
    """Take the next id from the head and insert the event, one round trip."""
    moved = (update(_HEAD).where(_HEAD.c.id == 1)
             .values(last_id=_HEAD.c.last_id + 1).returning(_HEAD.c.last_id).cte("moved"))
    source = select(moved.c.last_id, bindparam("created_at", type_=_EVENT.c.created_at.type),
                    bindparam("kind", type_=String), bindparam("payload", type_=Text))
    return (insert(_EVENT).from_select(["id", "created_at", "kind", "payload"], source)
            .returning(_EVENT.c.id))


_PG_PUBLISH = Prepared(_pg_publish_statement)


def events_after(last_id: int, limit: int = 200) -> list[tuple[int, str, str]]:
    """(id, kind, payload JSON) of committed events after last_id, oldest first."""
    rows = db.session.execute(select(Event.id, Event.kind, Event.payload)
                              .where(Event.id > last_id).order_by(Event.id).limit(limit))
    return [tuple(row) for row in rows]


def latest_id() -> int:
    return db.session.scalar(select(EventHead.last_id).where(EventHead.id == 1)) or 0


def purge_before(moment: datetime) -> int:
    """Drop events older than a moment (screens only need recent ones)."""
    result = db.session.execute(delete(Event).where(Event.created_at < moment))
    return result.rowcount or 0


def purge_older_than(now: datetime, days: int = 3) -> int:
    return purge_before(now - timedelta(days=days))
