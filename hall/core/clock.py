"""The one source of the current time; tests freeze it."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app

_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware in UTC."""
    return _frozen or datetime.now(UTC)


def freeze(moment: datetime | None) -> None:
    """Pin now() to a moment (None releases it); for tests and simulations."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = moment


def hall_zone() -> ZoneInfo:
    """The hall's time zone from the configuration."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local(moment: datetime | None = None) -> datetime:
    """A moment (default: now) in the hall's local time."""
    return (moment or now()).astimezone(hall_zone())


def today():
    """The hall's local date."""
    return local().date()
