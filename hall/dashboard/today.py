"""The hall's day as the dashboard sees it: its bounds, its opening hours, elapsed minutes."""
from datetime import date, datetime, time, timedelta

from hall.core import clock
from hall.hours import rules
from hall.hours import services as hours


def day_start(day: date) -> datetime:
    """Local midnight of a hall day, as an aware datetime."""
    return datetime.combine(day, time.min, clock.hall_zone())


def day_bounds(now: datetime) -> tuple[date, datetime, datetime]:
    """(hall day, its start, the next day's start) of a moment."""
    day = clock.local(now).date()
    return day, day_start(day), day_start(day + timedelta(days=1))


def at_local(day: date, hhmm: str) -> datetime:
    """A 'HH:MM' time of a hall day, as an aware datetime."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), clock.hall_zone())


def opening(day: date, now: datetime) -> datetime:
    """Since when the windows are expected at work: the start of the session under way
    (hall.hours). Outside the sessions (before opening, over the lunch break, after closing,
    on a closed day) it is `now` itself, so no window counts as paused or idle then."""
    local = clock.local(now)
    if local.date() != day:
        return now
    minute = rules.minutes_of(local)
    for session in hours.plan_for(day).sessions:
        if session.start <= minute < session.end:
            return day_start(day) + timedelta(minutes=session.start)
    return now


def chart_hours(day: date) -> tuple[int, int]:
    """The hours the hourly chart shows: from ticketing start to closing, whole hours
    (08:00 to 18:00 on a closed day, so the chart keeps its usual shape)."""
    plan = hours.plan_for(day)
    if not plan.is_open:
        return 8, 18
    return plan.ticketing_start // 60, min(24, -(-plan.closing // 60))


def minutes_since(moment: datetime | None, now: datetime) -> int | None:
    """Whole minutes from a moment to now (never negative), None without a moment."""
    if moment is None:
        return None
    return max(0, int((now - moment).total_seconds() // 60))


def iso(moment: datetime | None) -> str | None:
    """A moment in hall time, ISO 8601 with offset."""
    return clock.local(moment).isoformat() if moment else None


def hhmm(moment: datetime | None) -> str:
    return clock.local(moment).strftime("%H:%M") if moment else ""
