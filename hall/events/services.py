"""Publishing events inside the caller's transaction, and reading them back in order."""
import json
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from ..extensions import db
from .models import Event, EventHead


def publish(kind: str, payload: dict, now: datetime) -> int:
    """Append an event; it becomes visible when the caller commits. Call it last."""
    next_id = db.session.execute(
        update(EventHead).where(EventHead.id == 1)
        .values(last_id=EventHead.last_id + 1).returning(EventHead.last_id)).scalar()
    if next_id is None:
        db.session.add(EventHead(id=1, last_id=1))
        next_id = 1
    db.session.execute(insert(Event).values(
        id=next_id, created_at=now, kind=kind,
        payload=json.dumps(payload, ensure_ascii=False, default=str)))
    return next_id


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
