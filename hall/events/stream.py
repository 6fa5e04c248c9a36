"""Server-sent events: one poller thread per process fans the journal out to its clients.

The database is the source of truth. Each process runs one thread that reads new events
every POLL_SECONDS while anybody listens and wakes the waiting streams; a stream that
reconnects with Last-Event-ID first reads what it missed straight from the journal.
"""
import json
import threading
import time
from collections import deque

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .services import events_after, latest_id

POLL_SECONDS = 0.1
KEEPALIVE_SECONDS = 15
BUFFER = 2000
IDLE_EXIT = 2   # seconds without listeners before the poller thread ends


class Broadcaster:
    """Per-application fan-out of the event journal to the streams of this process."""

    def __init__(self, app):
        self.app = app
        self.condition = threading.Condition()
        self.recent: deque = deque(maxlen=BUFFER)
        self.last_id = 0
        self.listeners = 0
        self.stopping = False
        self.thread: threading.Thread | None = None

    def subscribe(self) -> None:
        """Count a listener, starting the poller first if needed (raises if the DB is away)."""
        with self.condition:
            if self.thread is None or not self.thread.is_alive():
                self.last_id = self._read_latest_id()
                self.recent.clear()
                self.stopping = False
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="hall-events")
                self.thread.start()
            self.listeners += 1

    def unsubscribe(self) -> None:
        with self.condition:
            self.listeners -= 1

    def _read_latest_id(self) -> int:
        with self.app.app_context():
            try:
                return latest_id()
            finally:
                db.session.remove()

    def stop(self) -> None:
        """End the poller thread (application shutdown, tests)."""
        with self.condition:
            self.stopping = True
            thread = self.thread
        if thread is not None:
            thread.join(5)

    def _run(self) -> None:
        idle_since = None
        while True:
            with self.condition:
                if self.listeners <= 0:
                    idle_since = idle_since or time.monotonic()
                else:
                    idle_since = None
                if self.stopping or (idle_since and time.monotonic() - idle_since > IDLE_EXIT):
                    self.thread = None
                    return
            self._poll_once()
            time.sleep(POLL_SECONDS)

    def _poll_once(self) -> None:
        try:
            with self.app.app_context():
                rows = events_after(self.last_id)
                db.session.remove()
        except Exception:  # the database is away: keep the streams, try again shortly
            self.app.logger.warning("event poller could not read the journal")
            time.sleep(1)
            return
        if rows:
            with self.condition:
                self.recent.extend(rows)
                self.last_id = rows[-1][0]
                self.condition.notify_all()

    def wait_after(self, last_id: int, timeout: float) -> list[tuple[int, str, str]]:
        """Events after last_id that this process has seen, waiting up to timeout for one."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                found = [row for row in self.recent if row[0] > last_id]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    return found
                self.condition.wait(remaining)


_lock = threading.Lock()


def broadcaster_for(app) -> Broadcaster:
    with _lock:
        if "hall_events" not in app.extensions:
            app.extensions["hall_events"] = Broadcaster(app)
        return app.extensions["hall_events"]


def format_event(event_id: int, kind: str, payload: str) -> str:
    return f"id: {event_id}\nevent: {kind}\ndata: {payload}\n\n"


def event_stream(last_id: int | None, kinds: set[str] | None = None,
                 keepalive: float = KEEPALIVE_SECONDS, max_seconds: float | None = None):
    """The text/event-stream body: a comment at once, missed events, then live ones."""
    app = current_app._get_current_object()
    feed = broadcaster_for(app)
    try:
        feed.subscribe()
    except SQLAlchemyError:   # the database is away: the client reconnects in 2 s
        yield "retry: 2000\n: unavailable\n\n"
        return
    started = time.monotonic()
    try:
        yield "retry: 2000\n: connected\n\n"
        cursor = feed.last_id if last_id is None else last_id
        for row in _catch_up(app, cursor):
            cursor = row[0]
            if not kinds or row[1] in kinds:
                yield format_event(*row)
        while max_seconds is None or time.monotonic() - started < max_seconds:
            rows = feed.wait_after(cursor, keepalive)
            if not rows:
                yield ": keep-alive\n\n"
                continue
            for row in rows:
                cursor = row[0]
                if not kinds or row[1] in kinds:
                    yield format_event(*row)
    finally:
        feed.unsubscribe()


def _catch_up(app, last_id: int) -> list:
    """What a reconnecting client missed, read from the journal itself."""
    with app.app_context():
        try:
            rows, batch = [], events_after(last_id, limit=1000)
            while batch:
                rows.extend(batch)
                batch = events_after(batch[-1][0], limit=1000) if len(batch) == 1000 else []
            return rows
        finally:
            db.session.remove()


def payload_of(row) -> dict:
    return json.loads(row[2])
