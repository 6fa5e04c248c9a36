"""Time-limited caches kept on the application, for the kiosks' and dashboards' hot paths.

A module declares its cache once, at import (`_plans = cache.Timed("hours.plans", 1.0)`);
the values live on the application that reads them, in `app.extensions["hall_cache"]`,
which create_app installs. So two applications (the tests build one per test) never see
each other's values, and `clear_all(app)` empties every cache of one of them. Each process
has its own: a change made in another worker shows when the value there runs out.

A value is fresh for `seconds` after it was stored, on time.monotonic or on the moment the
caller passes (hall time, which tests freeze and move). A clock that went back makes a value
stale, never fresh for longer.

Written here rather than taken from cachetools: its TTLCache reads one timer for the whole
cache and keeps an entry until that timer passes its expiry, so hall time frozen and moved
back by a test would keep an old value; and a hot path needs no more than a dict lookup.
"""
from datetime import timedelta
from time import monotonic

from flask import Flask, current_app

EXTENSION = "hall_cache"


class TimedCache:
    """Values kept for `seconds`; a new key that would make it hold more than `max_entries`
    empties it first (for keys anyone may ask about, such as dates)."""

    def __init__(self, seconds: float, max_entries: int | None = None):
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict = {}

    def get(self, key, now=None):
        """The value stored under `key` if still fresh at `now` (a number of seconds or a
        datetime; time.monotonic() when not given), else None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, value = entry
        age = (monotonic() if now is None else now) - stored_at
        if isinstance(age, timedelta):
            age = age.total_seconds()
        return value if 0 <= age < self.seconds else None

    def put(self, key, value, now=None) -> None:
        """Keep `value` from `now` on (a number of seconds or a datetime, as get is asked
        with; time.monotonic() when not given)."""
        entries = self._entries
        if (self.max_entries is not None and key not in entries
                and len(entries) >= self.max_entries):
            entries.clear()
        entries[key] = (monotonic() if now is None else now, value)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class Timed:
    """A TimedCache of each application, declared once by the module that uses it."""

    def __init__(self, name: str, seconds: float, max_entries: int | None = None):
        self.name = name
        self.seconds = seconds
        self.max_entries = max_entries

    def of(self, app: Flask) -> TimedCache:
        """This cache on `app`, made at first use."""
        caches = app.extensions[EXTENSION]
        found = caches.get(self.name)
        if found is None:
            found = caches[self.name] = TimedCache(self.seconds, self.max_entries)
        return found

    def here(self) -> TimedCache:
        """This cache on the current application."""
        return self.of(current_app)

    def get(self, key, now=None):
        return self.here().get(key, now)

    def put(self, key, value, now=None) -> None:
        self.here().put(key, value, now)

    def clear(self) -> None:
        self.here().clear()


def install(app: Flask) -> None:
    """Give the application its own, empty caches (create_app calls this)."""
    app.extensions[EXTENSION] = {}


def clear_all(app: Flask | None = None) -> None:
    """Empty every cache of `app` (the current application when not given)."""
    if app is None:
        app = current_app
    for found in app.extensions[EXTENSION].values():
        found.clear()
