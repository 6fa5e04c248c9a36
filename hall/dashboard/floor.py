"""The hall floor for the dashboard: the lines per category and every window's state.

Each piece is one query over today's tickets (bounded by Ticket.day), today's audit
entries, or the small catalogue tables, whatever the number of windows and categories:
there is no query per window or per category.

"Paused since" and "idle since" come from what is recorded: a window's last status change
today (the audit log), its last call or finish today (the tickets), and never earlier than
the hall's opening time today, so a window left paused overnight counts from the opening.
"""
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.core.extensions import db
from hall.dashboard import alerts
from hall.dashboard.today import hhmm, iso, minutes_since
from hall.queue.models import TICKET_STATUSES, Category, Ticket
from hall.windows.models import WINDOW_STATUSES, Window, window_category

ACTIVE = ("called", "serving")
STATUS_ACTIONS = ("window.status", "window.update", "window.create")


@dataclass
class Floor:
    """What the floor's queries found, keyed by ids."""

    day: date
    now: datetime
    opens_at: datetime
    limits: dict
    waiting: dict = field(default_factory=dict)     # (category_id, target_window_id) -> (n, oldest)
    links: dict = field(default_factory=dict)       # window_id -> [category ids]
    current: dict = field(default_factory=dict)     # window_id -> ticket row
    activity: dict = field(default_factory=dict)    # window_id -> (served, last call or finish)
    acting: dict = field(default_factory=dict)      # window_id -> staff id of the latest ticket
    changed: dict = field(default_factory=dict)     # window_id -> last status change today
    names: dict = field(default_factory=dict)       # user id -> display name


def load(day: date, now: datetime, day_begins: datetime, opens_at: datetime,
         limits: dict) -> Floor:
    """Read everything the floor needs in a fixed number of queries."""
    floor = Floor(day, now, opens_at, limits)
    floor.waiting = _waiting(day)
    floor.links = _links()
    floor.current = _current(day)
    floor.activity = _activity(day)
    floor.acting = _acting(day)
    floor.changed = _status_changes(day_begins)
    return floor


def _waiting(day: date) -> dict:
    rows = db.session.execute(
        select(Ticket.category_id, Ticket.target_window_id, func.count(),
               func.min(Ticket.issued_at))
        .where(Ticket.day == day, Ticket.status == "waiting")
        .group_by(Ticket.category_id, Ticket.target_window_id))
    return {(category, target): (count, oldest) for category, target, count, oldest in rows}


def _links() -> dict:
    links: dict = {}
    for window_id, category_id in db.session.execute(
            select(window_category.c.window_id, window_category.c.category_id)):
        links.setdefault(window_id, []).append(category_id)
    return links


def _current(day: date) -> dict:
    rows = db.session.execute(
        select(Ticket.window_id, Ticket.number, Ticket.status, Ticket.called_at,
               Ticket.started_at, Ticket.staff_id)
        .where(Ticket.day == day, Ticket.status.in_(ACTIVE), Ticket.window_id.is_not(None))
        .order_by(Ticket.called_at))
    return {row.window_id: row for row in rows}   # the latest call wins


def _activity(day: date) -> dict:
    rows = db.session.execute(
        select(Ticket.window_id, func.count().filter(Ticket.status == "done"),
               func.max(func.coalesce(Ticket.finished_at, Ticket.called_at)))
        .where(Ticket.day == day, Ticket.window_id.is_not(None))
        .group_by(Ticket.window_id))
    return {window_id: (served, last) for window_id, served, last in rows}


def _acting(day: date) -> dict:
    """The staff member on each window's latest ticket today (one windowed query)."""
    latest = func.row_number().over(
        partition_by=Ticket.window_id,
        order_by=(func.coalesce(Ticket.finished_at, Ticket.called_at).desc(), Ticket.id.desc()))
    ranked = (select(Ticket.window_id, Ticket.staff_id, latest.label("rank"))
              .where(Ticket.day == day, Ticket.window_id.is_not(None),
                     Ticket.staff_id.is_not(None)).subquery())
    rows = db.session.execute(select(ranked.c.window_id, ranked.c.staff_id)
                              .where(ranked.c.rank == 1))
    return dict(rows.all())


def _status_changes(since: datetime) -> dict:
    """Each window's last change of status since a moment, from the audit log."""
    rows = db.session.execute(
        select(AuditEntry.object_id, AuditEntry.created_at, AuditEntry.action,
               AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.created_at >= since, AuditEntry.action.in_(STATUS_ACTIONS),
               AuditEntry.object_type == "Window")
        .order_by(AuditEntry.id))
    changed = {}
    for object_id, at, action, before, after in rows:
        if action == "window.status" or _status_of(before) != _status_of(after):
            if object_id.isdigit():
                changed[int(object_id)] = at
    return changed


def _status_of(state: str):
    try:
        return json.loads(state).get("status") if state else None
    except (ValueError, AttributeError):
        return None


def load_names(user_ids) -> dict:
    """Display names of some users, in one query."""
    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name, User.username).where(User.id.in_(ids)))
    return {user_id: name or username for user_id, name, username in rows}


# --- the lines ---------------------------------------------------------------------------

def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.sort_order, Category.code)))


def lines(floor: Floor, windows: list, all_categories: list[Category]) -> list[dict]:
    """Every category in use with its line: waiting, longest wait, open windows."""
    totals: dict = {}
    for (category_id, _), (count, oldest) in floor.waiting.items():
        n, first = totals.get(category_id, (0, None))
        totals[category_id] = (n + count, oldest if first is None or oldest < first else first)
    open_ids = {w.id for w in windows if w.status == "open"}
    result = []
    for category in all_categories:
        count, oldest = totals.get(category.id, (0, None))
        if not category.is_active and not count:
            continue
        served_by = sum(1 for wid in open_ids if category.id in floor.links.get(wid, ()))
        result.append(_line(category, count, oldest, served_by, floor))
    return result


def _line(category: Category, count: int, oldest, served_by: int, floor: Floor) -> dict:
    longest = minutes_since(oldest, floor.now)
    line = {"code": category.code, "name": category.name, "prefix": category.prefix,
            "waiting": count, "longest_wait_minutes": longest, "oldest_issued_at": iso(oldest),
            "open_windows": served_by}
    line["alert"] = alerts.line_alert(line, oldest, floor.now, floor.limits["wait"])
    return line


# --- the windows -------------------------------------------------------------------------

def window_rows() -> list:
    return db.session.execute(
        select(Window.id, Window.no, Window.name, Window.status, Window.staff_a_id,
               Window.staff_b_id).order_by(Window.no)).all()


def staff_ids(floor: Floor, windows: list) -> set:
    """Everyone the windows part may name."""
    ids = {row.staff_id for row in floor.current.values()} | set(floor.acting.values())
    return ids | {w.staff_a_id for w in windows} | {w.staff_b_id for w in windows}


def window_states(floor: Floor, windows: list, prefixes: dict) -> list[dict]:
    return [window_state(floor, w, prefixes) for w in windows]


def window_state(floor: Floor, w, prefixes: dict) -> dict:
    """One window: status, current ticket and for how long, who acts, served today."""
    current = floor.current.get(w.id)
    served, last = floor.activity.get(w.id, (0, None))
    staff_id = (current.staff_id if current else None) or floor.acting.get(w.id) or w.staff_a_id
    state = {"no": w.no, "name": w.name, "status": w.status,
             "status_label": WINDOW_STATUSES.get(w.status, w.status),
             "categories": [prefixes[c] for c in floor.links.get(w.id, []) if c in prefixes],
             "current": _ticket(current, floor.now), "served": served,
             "staff": floor.names.get(staff_id), "post": _post(w, staff_id),
             "since": None, "paused_minutes": None, "idle_minutes": None,
             "waiting": _waiting_for(floor, w.id)}
    since = _since(floor, w, last)
    if w.status == "paused":
        state.update(since=hhmm(since), paused_minutes=minutes_since(since, floor.now))
    elif w.status == "open" and current is None:
        state.update(since=hhmm(since), idle_minutes=minutes_since(since, floor.now))
    state["alert"] = alerts.window_alert(state, floor.limits)
    return state


def _ticket(row, now: datetime) -> dict | None:
    if row is None:
        return None
    since = row.started_at if row.status == "serving" else row.called_at
    return {"number": row.number, "status": row.status,
            "status_label": TICKET_STATUSES.get(row.status, row.status),
            "since": iso(since), "minutes": minutes_since(since, now)}


def _post(w, staff_id) -> str:
    if staff_id is None:
        return ""
    return {w.staff_a_id: "A岗", w.staff_b_id: "B岗"}.get(staff_id, "代办")


def _since(floor: Floor, w, last_activity) -> datetime:
    """Since when a window has been as it is: never before today's opening."""
    moments = [floor.opens_at, floor.changed.get(w.id)]
    if w.status == "open":
        moments.append(last_activity)
    return max(m for m in moments if m is not None)


def _waiting_for(floor: Floor, window_id: int) -> int:
    """People this window could call now: its categories' lines and tickets sent to it."""
    mine = set(floor.links.get(window_id, ()))
    return sum(count for (category_id, target), (count, _) in floor.waiting.items()
               if target == window_id or (target is None and category_id in mine))
