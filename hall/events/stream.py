"""Server-sent events: one poller per process fans the journal out to its clients.

The database is the source of truth. Each process runs one poller that reads new events
every POLL_SECONDS while anybody listens and wakes the waiting streams; a stream that
reconnects with Last-Event-ID is served from the poller's recent events when they reach
back far enough, and from the journal itself otherwise.

Under gunicorn's gevent worker (the stream process, see README) `threading` is patched:
the poller is a greenlet and each open stream costs a greenlet, not a thread. Under the
gthread worker, `flask run` and the test client the same code runs on real threads.
"""
import contextlib
import json
import random
import socket
import threading
import time

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from hall.core.extensions import db
from hall.events.services import events_after, latest_id

POLL_SECONDS = 0.1
KEEPALIVE_SECONDS = 15
CHECK_SECONDS = 3     # how often a quiet stream looks whether its client has gone
BUFFER = 2000
CATCH_UP_BATCH = 500
IDLE_EXIT = 2         # seconds without listeners before the poller ends
RETRY_MS = 2000       # the reconnection delay the stream asks EventSource for
LIFETIME_JITTER = 0.2  # lifetimes spread over the last 20 %, so clients do not return together


class Broadcaster:
    """Per-application fan-out of the event journal to the streams of this process."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()   # guards the buffer, listeners and the poller
        # Set once when new events arrive, then replaced: waking every stream is one set().
        # Under gevent threading.Event is gevent's Event, which wakes thousands of
        # greenlets in one pass of the hub rather than a lock handed to each.
        self.changed = threading.Event()
        self.recent: list[tuple[int, str, str]] = []
        self.floor = 0        # every event after this id is in `recent` (up to last_id)
        self.last_id = 0
        self.listeners = 0
        self.stopping = False
        self.thread: threading.Thread | None = None

    def subscribe(self) -> None:
        """Count a listener, starting the poller first if needed (raises if the DB is away)."""
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.last_id = self.floor = self._read_latest_id()
                self.recent = []
                self.stopping = False
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="hall-events")
                self.thread.start()
            self.listeners += 1

    def unsubscribe(self) -> None:
        with self.lock:
            self.listeners -= 1

    def _read_latest_id(self) -> int:
        with self.app.app_context():
            try:
                return latest_id()
            finally:
                db.session.remove()

    def stop(self) -> None:
        """End the poller (application shutdown, tests)."""
        with self.lock:
            self.stopping = True
            thread = self.thread
        if thread is not None:
            thread.join(5)

    def _run(self) -> None:
        idle_since = None
        while True:
            with self.lock:
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
            with self.lock:
                self.recent.extend(rows)
                if len(self.recent) > BUFFER:
                    self.floor = self.recent[-BUFFER - 1][0]
                    del self.recent[:-BUFFER]
                self.last_id = rows[-1][0]
                changed, self.changed = self.changed, threading.Event()
            changed.set()

    def _after(self, last_id: int) -> list[tuple[int, str, str]]:
        """Buffered events after last_id; ids only grow, so read from the end (call locked)."""
        start = len(self.recent)
        while start > 0 and self.recent[start - 1][0] > last_id:
            start -= 1
        return self.recent[start:]

    def buffered_since(self, last_id: int) -> list[tuple[int, str, str]] | None:
        """Everything after last_id if the buffer reaches back that far, else None."""
        with self.lock:
            return self._after(last_id) if last_id >= self.floor else None

    def wait_after(self, last_id: int, timeout: float) -> list[tuple[int, str, str]]:
        """Events after last_id that this process has seen, waiting up to timeout for one."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                found, changed = self._after(last_id), self.changed
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return found
            changed.wait(remaining)


class StreamSlots:
    """Open streams per client address in this process: counted before deciding."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open: dict[str, int] = {}

    def take(self, address: str, cap: int) -> "Slot | None":
        with self.lock:
            count = self.open.get(address, 0) + 1
            if count > cap:
                return None
            self.open[address] = count
        return Slot(self, address)

    def count(self, address: str) -> int:
        with self.lock:
            return self.open.get(address, 0)

    def _give_back(self, address: str) -> None:
        with self.lock:
            left = self.open.get(address, 0) - 1
            if left > 0:
                self.open[address] = left
            else:
                self.open.pop(address, None)


class Slot:
    """One open stream's place in its address's count; released once, however often asked."""

    def __init__(self, slots: StreamSlots, address: str):
        self.slots, self.address, self.held = slots, address, True
        self.lock = threading.Lock()

    def release(self) -> None:
        with self.lock:
            held, self.held = self.held, False
        if held:
            self.slots._give_back(self.address)


_lock = threading.Lock()


def broadcaster_for(app) -> Broadcaster:
    with _lock:
        if "hall_events" not in app.extensions:
            app.extensions["hall_events"] = Broadcaster(app)
        return app.extensions["hall_events"]


def slots_for(app) -> StreamSlots:
    with _lock:
        return app.extensions.setdefault("hall_event_slots", StreamSlots())


def lifetime(max_seconds: float) -> float:
    """A stream's lifetime: the maximum less up to LIFETIME_JITTER of it, at random."""
    return max_seconds * (1 - LIFETIME_JITTER * random.random())


def client_gone_check(environ):
    """A function telling whether the client closed its end, or None when the server hides
    its socket. A stream client sends nothing after its request, so a readable socket that
    reads as end-of-file means it has gone."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if sock is None:
        return None

    def gone() -> bool:
        # A non-blocking peek, not select(): select() fails on descriptors above 1023,
        # which a process holding thousands of streams has. The timeout is restored at
        # once; nothing else uses this socket meanwhile (its stream is this generator).
        previous = sock.gettimeout()
        try:
            sock.settimeout(0)
            return sock.recv(1, socket.MSG_PEEK) == b""
        except (BlockingIOError, InterruptedError):
            return False      # nothing to read: the client is still there
        except ValueError:
            return False      # a TLS socket cannot peek; the next failed write tells
        except OSError:
            return True
        finally:
            with contextlib.suppress(OSError):
                sock.settimeout(previous)
    return gone


def format_event(event_id: int, kind: str, payload: str) -> str:
    return f"id: {event_id}\nevent: {kind}\ndata: {payload}\n\n"


def event_stream(last_id: int | None, kinds: set[str] | None = None,
                 keepalive: float = KEEPALIVE_SECONDS, max_seconds: float | None = None,
                 client_gone=None, app=None):
    """The text/event-stream body: a comment at once, missed events, then live ones.

    After max_seconds the stream ends with the last id it covered and a retry hint, and
    EventSource comes back with Last-Event-ID by itself. Quiet streams get a comment every
    `keepalive` seconds; a client found gone ends its stream at once.
    """
    app = app or current_app._get_current_object()
    feed = broadcaster_for(app)
    try:
        feed.subscribe()
    except SQLAlchemyError:   # the database is away: the client reconnects in 2 s
        yield f"retry: {RETRY_MS}\n: unavailable\n\n"
        return
    started = checked = time.monotonic()
    cursor = sent = feed.last_id if last_id is None else last_id
    try:
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        for rows in _missed(app, feed, cursor):
            for row in rows:
                cursor = row[0]
                if not kinds or row[1] in kinds:
                    sent = cursor
                    yield format_event(*row)
        quiet_since = time.monotonic()
        while max_seconds is None or time.monotonic() - started < max_seconds:
            left = keepalive - (time.monotonic() - quiet_since)
            if max_seconds is not None:
                left = min(left, max_seconds - (time.monotonic() - started))
            if cursor < feed.floor:   # a burst outran the buffer while this one caught up
                rows = _journal_after(app, cursor, CATCH_UP_BATCH)
            else:
                rows = feed.wait_after(cursor, max(0.0, min(left, CHECK_SECONDS)))
            # Look at the socket when quiet, or now and then: not once per event per stream.
            due = not rows or time.monotonic() - checked >= CHECK_SECONDS
            if client_gone is not None and due:
                checked = time.monotonic()
                if client_gone():
                    return
            for row in rows:
                cursor = row[0]
                if not kinds or row[1] in kinds:
                    sent = cursor
                    quiet_since = time.monotonic()
                    yield format_event(*row)
            if time.monotonic() - quiet_since >= keepalive:
                quiet_since = time.monotonic()
                yield _id_line(cursor, sent) + ": keep-alive\n\n"
                sent = cursor
        # Lifetime over: say where we are so the reconnect resumes exactly here.
        yield f"retry: {RETRY_MS}\nid: {cursor}\n\n: reconnect\n\n"
    except SQLAlchemyError:   # the journal went away while catching up: resume from here
        app.logger.warning("event stream could not read the journal")
        yield f"retry: {RETRY_MS}\nid: {cursor}\n\n: unavailable\n\n"
    finally:
        feed.unsubscribe()


def _id_line(cursor: int, sent: int) -> str:
    """An id-only message when filtered-out events moved the cursor (EventSource keeps it)."""
    return f"id: {cursor}\n\n" if cursor > sent else ""


def _missed(app, feed: Broadcaster, last_id: int):
    """What a reconnecting client missed, in batches: from the buffer when it reaches back,
    otherwise read from the journal itself."""
    buffered = feed.buffered_since(last_id)
    if buffered is not None:
        yield buffered
        return
    while True:
        batch = _journal_after(app, last_id, CATCH_UP_BATCH)
        if batch:
            yield batch
            last_id = batch[-1][0]
        if len(batch) < CATCH_UP_BATCH:
            return


def _journal_after(app, last_id: int, limit: int) -> list[tuple[int, str, str]]:
    with app.app_context():
        try:
            return events_after(last_id, limit=limit)
        finally:
            db.session.remove()


def payload_of(row) -> dict:
    return json.loads(row[2])
