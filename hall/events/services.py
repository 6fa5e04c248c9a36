"""Reading the event stream back in order; events are published by the journal
(hall/core/journal.py), whose `publish` services take from here."""
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from hall.core.extensions import db
from hall.core.journal import publish  # noqa: F401  (the writer, where its callers look)
from hall.events.models import Event, EventHead


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
