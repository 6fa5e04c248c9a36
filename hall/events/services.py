"""Publishing events inside the caller's transaction, and reading them back in order."""
import functools
import json
from datetime import datetime, timedelta

from sqlalchemy import String, Text, bindparam, delete, insert, select, update

from ..extensions import db
from .models import Event, EventHead


def publish(kind: str, payload: dict, now: datetime) -> int:
    """Append an event; it becomes visible when the caller commits. Call it last."""
    values = {"created_at": now, "kind": kind,
              "payload": json.dumps(payload, ensure_ascii=False, default=str)}
    if db.session.get_bind().dialect.name == "postgresql":
        next_id = db.session.connection().execute(_pg_publish_statement(), values).scalar()
        if next_id is not None:
            return next_id
    next_id = db.session.connection().execute(_MOVE_HEAD).scalar()
    if next_id is None:
        db.session.add(EventHead(id=1, last_id=1))
        db.session.flush()
        next_id = 1
    db.session.connection().execute(_INSERT_EVENT, {"id": next_id, **values})
    return next_id


_MOVE_HEAD = (update(EventHead.__table__).where(EventHead.__table__.c.id == 1)
              .values(last_id=EventHead.__table__.c.last_id + 1)
              .returning(EventHead.__table__.c.last_id))
_INSERT_EVENT = insert(Event.__table__)


@functools.cache
def _pg_publish_statement():
    """Built once: take the next id from the head and insert the event, one round trip."""
    moved = (update(EventHead).where(EventHead.id == 1)
             .values(last_id=EventHead.last_id + 1).returning(EventHead.last_id).cte("moved"))
    source = select(moved.c.last_id, bindparam("created_at", type_=Event.__table__.c.created_at.type),
                    bindparam("kind", type_=String), bindparam("payload", type_=Text))
    return (insert(Event).from_select(["id", "created_at", "kind", "payload"], source)
            .returning(Event.id))


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
