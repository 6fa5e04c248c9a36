"""The hall's day as the dashboard sees it: its bounds, its opening time, elapsed minutes."""
from datetime import date, datetime, time, timedelta

from .. import clock
from ..settings import services as settings


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


def opening(day: date) -> datetime:
    """When the hall opens on a day (the open_time setting)."""
    return at_local(day, settings.get("open_time"))


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
