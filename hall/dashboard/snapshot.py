"""One JSON-able snapshot of the hall for the manager's dashboard (reads only).

The page renders it on the server first; /api/v1/dashboard serves the same dictionary for
dashboard.js to redraw from. Every query is bounded (today's tickets by Ticket.day, open
cases by status, today's ratings and audit entries by their indexed time) and their number
does not grow with the number of windows, categories or cases.
"""
from datetime import datetime

from hall.calendar.services import load_calendar
from hall.cases.queries import warning_counts
from hall.core import clock
from hall.dashboard import alerts, chart, oversight
from hall.dashboard import floor as hall_floor
from hall.dashboard.figures import today as day_figures
from hall.dashboard.today import day_bounds, opening
from hall.events.services import latest_id
from hall.queue.display import sound_faults
from hall.settings import services as settings


def build(now: datetime) -> dict:
    """Everything the dashboard shows, as of `now`."""
    day, begins, _ = day_bounds(now)
    limits = alerts.limits(settings.get_all())
    calendar = load_calendar()
    lines, windows = _floor(day, now, begins, limits)
    counts = warning_counts(now)
    cases = oversight.cases(now, day, calendar, counts)
    follow_ups = oversight.follow_ups(day)
    calendar_state = oversight.calendar_state(day, calendar)
    hours = chart.hourly(day)
    return {
        "generated_at": clock.local(now).isoformat(), "date": day.isoformat(),
        "last_event_id": latest_id(), "thresholds": limits,
        "figures": day_figures(now, counts),
        "alerts": alerts.collect(lines, windows, cases, follow_ups, calendar_state,
                                 sound_faults(now)),
        "lines": lines, "windows": windows, "window_counts": _window_counts(windows),
        "cases": cases, "follow_ups": follow_ups, "calendar": calendar_state,
        "hourly": hours, "chart": chart.geometry(hours),
    }


def _floor(day, now: datetime, begins: datetime, limits: dict) -> tuple[list, list]:
    """The lines per category and the windows' states."""
    floor = hall_floor.load(day, now, begins, opening(day, now), limits)
    rows = hall_floor.window_rows()
    categories = hall_floor.categories()
    floor.names = hall_floor.load_names(hall_floor.staff_ids(floor, rows))
    prefixes = {c.id: c.prefix for c in categories}
    return (hall_floor.lines(floor, rows, categories),
            hall_floor.window_states(floor, rows, prefixes))


def _window_counts(windows: list[dict]) -> dict:
    counts = {"open": 0, "paused": 0, "closed": 0}
    for window in windows:
        counts[window["status"]] = counts.get(window["status"], 0) + 1
    return counts
