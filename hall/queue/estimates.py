"""Estimated waiting time per category.

Method. A category c is served by the open windows that list it. A window that serves k
categories which all have people waiting gives each of them 1/k of its time, so the
category's capacity is W_c = sum over its open windows of 1 / (categories of that window
with people waiting, counting c). The mean service time S_c is the mean of the last
SAMPLE finished tickets of c in the past LOOKBACK_DAYS (start to finish), or the hall's
default when there are none yet. A person with `ahead` people before them waits about
(ahead + 0.5) * S_c / W_c minutes: the people ahead are shared among W_c windows, and the
0.5 is the expected remaining time of the services under way when they arrive. With no
open window the estimate is unknown (None) rather than a made-up number. The minutes are
counted in the day's opening sessions (hall.hours): before opening and over the lunch break
the windows do not work, so the wait grows by that much. A walk-in also waits for the booked
appointments due soon, who will be called before them: the source that counts those
(hall/appointments, above the queue) is set by the wiring as DUE_APPOINTMENTS.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from hall.core import cache
from hall.core.extensions import db
from hall.hours import services as hours
from hall.queue.models import Category, Ticket
from hall.settings import services as settings
from hall.windows.models import Window, window_category

# app.extensions key: a callable(now) -> {category id: booked appointments due soon}.
DUE_APPOINTMENTS = "queue.due_appointments"
SAMPLE = 30
LOOKBACK_DAYS = 14
CACHE_SECONDS = 30
_service_minutes = cache.Timed("queue.service_minutes", CACHE_SECONDS)


def due_appointments(now: datetime) -> dict[int, int]:
    """Booked appointments due soon per category id (none when no source is wired)."""
    source = current_app.extensions.get(DUE_APPOINTMENTS)
    return source(now) if source is not None else {}


def waiting_counts(day) -> dict[int, int]:
    """Waiting tickets per category id today."""
    rows = db.session.execute(select(Ticket.category_id, func.count()).where(
        Ticket.day == day, Ticket.status == "waiting").group_by(Ticket.category_id))
    return dict(rows.all())


def open_window_categories() -> dict[int, list[int]]:
    """Category ids served by each open window."""
    rows = db.session.execute(select(window_category.c.window_id, window_category.c.category_id)
                              .join(Window, Window.id == window_category.c.window_id)
                              .where(Window.status == "open"))
    served: dict[int, list[int]] = {}
    for window_id, category_id in rows:
        served.setdefault(window_id, []).append(category_id)
    return served


def capacity(category_id: int, served: dict[int, list[int]], waiting: dict[int, int]) -> float:
    """W_c: the share of open windows' time that goes to this category."""
    total = 0.0
    for categories in served.values():
        if category_id in categories:
            busy = sum(1 for c in categories if c == category_id or waiting.get(c, 0) > 0)
            total += 1 / busy
    return total


def service_minutes(category_id: int, now: datetime) -> float:
    """S_c, cached for CACHE_SECONDS of hall time per process: an estimate, not state."""
    cached = _service_minutes.get(category_id, now)
    if cached is not None:
        return cached
    value = _measured_service_minutes(category_id, now) or float(
        settings.get("default_service_minutes"))
    _service_minutes.put(category_id, value, now)
    return value


def _measured_service_minutes(category_id: int, now: datetime) -> float | None:
    recent = (select(Ticket.started_at, Ticket.finished_at).where(
        Ticket.category_id == category_id, Ticket.status == "done",
        Ticket.finished_at >= now - timedelta(days=LOOKBACK_DAYS),
        Ticket.started_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(SAMPLE))
    spans = [(end - begin).total_seconds() / 60 for begin, end in db.session.execute(recent)]
    return sum(spans) / len(spans) if spans else None


def wait_minutes(ahead: int, service: float, windows: float) -> int | None:
    if windows <= 0:
        return None
    return max(0, round((ahead + 0.5) * service / windows))


class Snapshot:
    """Waiting counts and window capacity read once, for many estimates in one request."""

    def __init__(self, day, now: datetime):
        self.now = now
        self.waiting = waiting_counts(day)
        self.served = open_window_categories()
        self.due = due_appointments(now)

    def open_windows(self, category_id: int) -> int:
        return sum(1 for cats in self.served.values() if category_id in cats)

    def estimate(self, category_id: int, ahead: int, walk_in: bool = True) -> int | None:
        """Minutes of service ahead, stretched over the day's sessions: a ticket taken
        before opening or before the lunch break also waits for the windows to open. A
        walk-in also waits for the appointments due that will be called before it."""
        windows = capacity(category_id, self.served, self.waiting)
        if walk_in:
            ahead += self.due.get(category_id, 0)
        work = wait_minutes(ahead, service_minutes(category_id, self.now), windows)
        return None if work is None else round(hours.service_minutes_ahead(self.now, work))


SNAPSHOT_SECONDS = 1
_snapshots = cache.Timed("queue.snapshot", SNAPSHOT_SECONDS, max_entries=1)


def recent_snapshot(day, now: datetime) -> Snapshot:
    """A Snapshot at most SNAPSHOT_SECONDS old, per process: kiosks issuing tickets in a
    burst share one read of the lines and the open windows (the place in line is exact;
    only the estimate may lag a second behind a window opening or closing)."""
    cached = _snapshots.get(day, now)
    if cached is not None:
        return cached
    snapshot = Snapshot(day, now)
    _snapshots.put(day, snapshot, now)
    return snapshot


def category_rows(day, now: datetime) -> list[dict]:
    """Every active category with its line and estimated wait for a newcomer."""
    snapshot = Snapshot(day, now)
    categories = db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                    .order_by(Category.sort_order, Category.code))
    return [{"category": c, "waiting": snapshot.waiting.get(c.id, 0),
             "open_windows": snapshot.open_windows(c.id),
             "est_wait_minutes": snapshot.estimate(c.id, snapshot.waiting.get(c.id, 0))}
            for c in categories]
