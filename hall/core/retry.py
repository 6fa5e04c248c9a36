"""A request whose database was only briefly away is run again, else answered 503, never 500.

Transient failures: SQLite's write lock held past the busy timeout ("database is locked"),
PostgreSQL's lock timeout, serialization failures and deadlocks, and lost or refused
connections (a server restart). The view function is the unit of work, and its answer ends the
transaction (committed below 400, else rolled back: hall.core.database). It is run again with
a clean session (rolled back) until DATABASE_RETRY_SECONDS have passed, then the request is
answered 503 with Retry-After and a Chinese message. The request body is read once by
Flask and cached on the request, so a second run sees the same input.

A view is not run again once one of its commits has succeeded, nor when the connection was
lost while COMMIT was on its way: the work may have been saved, and doing it twice (two
tickets, two cases) is worse than asking the client to look and try again.

Storage that cannot take a write (SQLite's "database or disk is full" and "attempt to write
a readonly database", PostgreSQL's disk_full and read_only_sql_transaction, an OSError with
ENOSPC, EDQUOT or EROFS) is not retried - waiting does not free a disk - but answered 503 in
Chinese at once: the request changed nothing, and the people at the hall should not read a
stack trace while an operator frees the disk. Any other unexpected exception is a Chinese 500
page, or the API's error body, never Werkzeug's English page; both are rendered without the
template globals, which read the database that may be the very thing that failed.
"""
import contextlib
import contextvars
import errno
import random
import time
from functools import wraps

from flask import current_app, g, jsonify, request, url_for
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from hall.core.database import end_request_transaction, status_of
from hall.core.errors import error_body
from hall.core.extensions import db

BUSY_MESSAGE = "系统繁忙，请稍后再试"
RETRY_AFTER = 5   # seconds, for the Retry-After header
SQLITE_LOCKED = ("database is locked", "database is busy", "database table is locked")
# PostgreSQL SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock),
# 57 operator intervention (admin shutdown, cannot connect now); 55P03 lock not available.
PG_TRANSIENT_CLASSES = ("08", "40", "57")
PG_LOCK_NOT_AVAILABLE = "55P03"
STORAGE_MESSAGE = "系统存储暂不可用，请稍后再试"
STORAGE_DETAIL = "服务器的存储空间已满或暂时只能读取，工作人员正在处理；这次操作没有保存，请稍后重新操作。"
FAILURE_MESSAGE = "系统出现错误，请稍后再试"
FAILURE_DETAIL = "您的请求未能完成，错误已记录；请稍后重新操作，如需帮助，请到咨询导办窗口。"
# SQLite primary result codes (the low byte of the extended ones): IOERR, FULL, READONLY.
SQLITE_STORAGE_CODES = (10, 13, 8)
SQLITE_STORAGE_TEXT = ("database or disk is full", "readonly database", "disk i/o error")
# PostgreSQL: 53100 disk_full, 25006 read_only_sql_transaction, 58030 io_error.
PG_STORAGE_STATES = ("53100", "25006", "58030")
OS_STORAGE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


class DatabaseBusy(ServiceUnavailable):
    """The database stayed unavailable for the whole retry budget."""

    description = BUSY_MESSAGE


def _sqlstate(exc: DBAPIError) -> str:
    return getattr(exc.orig, "sqlstate", None) or ""


def _from_psycopg(exc: DBAPIError) -> bool:
    return type(exc.orig).__module__.startswith("psycopg")


def is_conflict(exc: BaseException) -> bool:
    """Another writer held a lock or won a race: nothing was saved, running again is safe."""
    if not isinstance(exc, DBAPIError):
        return False
    state = _sqlstate(exc)
    if state:
        return state.startswith("40") or state == PG_LOCK_NOT_AVAILABLE
    return any(text in str(exc.orig).lower() for text in SQLITE_LOCKED)


def is_transient(exc: BaseException) -> bool:
    """A database error that waiting and running again can cure."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or is_conflict(exc):
        return True
    state = _sqlstate(exc)
    if state:
        return state[:2] in PG_TRANSIENT_CLASSES
    # psycopg's connection failures (refused, closed, lost) carry no SQLSTATE.
    return _from_psycopg(exc) and isinstance(exc, (OperationalError, InterfaceError))


def is_storage_failure(exc: BaseException) -> bool:
    """The disk is full or read-only: the database or the file system refused a write."""
    if isinstance(exc, DBAPIError):
        state = _sqlstate(exc)
        if state:
            return state in PG_STORAGE_STATES
        code = getattr(exc.orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in SQLITE_STORAGE_CODES
        return any(text in str(exc.orig).lower() for text in SQLITE_STORAGE_TEXT)
    return isinstance(exc, OSError) and exc.errno in OS_STORAGE_ERRNOS


class _Attempt:
    """What one run of a view has done to the database's transactions so far."""

    def __init__(self):
        self.commit_sent = False
        self.committed = False

    def why_not_again(self, exc: DBAPIError, deadline: float) -> str:
        """Why this run must not be repeated ("" when it may)."""
        if self.committed:
            return "a commit had succeeded"
        if self.commit_sent and not is_conflict(exc):
            return "lost during commit"
        return "gave up" if time.monotonic() >= deadline else ""


_attempt: contextvars.ContextVar = contextvars.ContextVar("hall_attempt", default=None)


@event.listens_for(Engine, "commit")
def _commit_sent(connection) -> None:
    """Fires just before COMMIT goes to the database."""
    attempt = _attempt.get()
    if attempt is not None:
        attempt.commit_sent = True


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    attempt = _attempt.get()
    if attempt is not None:
        attempt.committed = True


def recover_session() -> None:
    """Roll back what the failed run did; the session then takes a fresh connection."""
    try:
        db.session.rollback()
    except DBAPIError:   # the rollback itself failed: start over with a new session
        g.pop("_login_user", None)
        with contextlib.suppress(DBAPIError):
            db.session.remove()
        db.session.registry.clear()


def _pause(run: int, deadline: float) -> None:
    """Exponential backoff with jitter, never past the deadline."""
    delay = min(0.8, 0.05 * 2 ** run) * random.uniform(0.5, 1.5)
    time.sleep(max(0.0, min(delay, deadline - time.monotonic())))


def _note(exc: DBAPIError, run: int, outcome: str) -> None:
    """Log the kind of failure only: the statement's parameters may hold personal data."""
    current_app.logger.warning("%s: database unavailable (%s %s), try %d: %s",
                               request.endpoint, type(exc.orig).__name__,
                               _sqlstate(exc) or "-", run + 1, outcome or "again")


def retrying(view):
    """Run `view` again on a transient database error, within the retry budget."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        deadline = time.monotonic() + float(current_app.config["DATABASE_RETRY_SECONDS"])
        run = 0
        while True:
            attempt = _Attempt()
            token = _attempt.set(attempt)
            try:
                answer = view(*args, **kwargs)
                end_request_transaction(status_of(answer))
                return answer
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise
                recover_session()
                why = attempt.why_not_again(exc, deadline)
                _note(exc, run, why)
                if why:
                    raise DatabaseBusy() from exc
            finally:
                _attempt.reset(token)
            _pause(run, deadline)
            run += 1
    return wrapped


def busy_response(exc=None):
    """503 with Retry-After: JSON for the API, a plain Chinese page for people."""
    return plain_response(503, "busy", BUSY_MESSAGE)


def storage_response(exc=None):
    """503 for a disk that is full or read-only; logged with the kind of failure only."""
    current_app.logger.error("%s: storage refused a write (%s)", request.endpoint,
                             _kind_of(exc))
    return plain_response(503, "storage_unavailable", STORAGE_MESSAGE, STORAGE_DETAIL)


def failure_response(exc=None):
    """The last resort for an unexpected exception (Flask has logged it): a Chinese 500."""
    original = getattr(exc, "original_exception", None) or exc
    if is_storage_failure(original):
        return storage_response(original)
    if isinstance(original, DBAPIError) and is_transient(original):
        return busy_response(original)
    status = exc.code if isinstance(exc, HTTPException) and exc.code else 500
    return plain_response(status, "server_error", FAILURE_MESSAGE, FAILURE_DETAIL,
                          retry_after=False)


def _kind_of(exc) -> str:
    if isinstance(exc, DBAPIError):
        return f"{type(exc.orig).__name__} {_sqlstate(exc) or '-'}"
    if isinstance(exc, OSError):
        return errno.errorcode.get(exc.errno, str(exc.errno))
    return type(exc).__name__


def plain_response(status: int, code: str, message: str, detail: str | None = None,
                   retry_after: bool = True):
    """JSON for the API, a plain Chinese page for people; never cached.

    The page is rendered without the template globals, which would read the database.
    """
    recover_session()
    g.setdefault("_login_user", current_app.login_manager.anonymous_user())
    if request.path.startswith("/api/"):
        response = jsonify(error_body(code, message))
    else:
        kiosk = request.path.startswith(("/kiosk", "/guide"))
        home = url_for("kiosk.home" if kiosk else "home.home")
        page = current_app.jinja_env.get_template("busy.html").render(
            message=message, detail=detail, status=status, home=home,
            refresh=RETRY_AFTER * 3 if kiosk else None)
        response = current_app.response_class(page, mimetype="text/html")
    response.status_code = status
    if retry_after:
        response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_error(exc: DBAPIError):
    """A transient error outside a view (loading the user, say) is a 503 too."""
    if is_storage_failure(exc):
        return storage_response(exc)
    if not is_transient(exc):
        raise exc
    return busy_response(exc)


def _os_error(exc: OSError):
    """A full or read-only file system is a 503; any other OSError goes on to the 500."""
    if not is_storage_failure(exc):
        raise exc
    return storage_response(exc)


def end_session(exc=None) -> None:
    """Flask-SQLAlchemy's teardown, except that a connection lost at the very end is no 500.

    The answer is already made and its work committed; the lost connection only had the
    rollback of what was left to do, and the pool has dropped it.
    """
    try:
        db.session.remove()
    except DBAPIError as error:
        db.session.registry.clear()
        if not is_transient(error):
            raise
        current_app.logger.warning("session closed on a lost connection (%s)",
                                   type(error.orig).__name__)


def install(app) -> None:
    """Wrap every view of the app; call after the blueprints are registered."""
    app.config.setdefault("DATABASE_RETRY_SECONDS", 10)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static" and not hasattr(view, "retrying"):
            app.view_functions[endpoint] = retrying(view)
            app.view_functions[endpoint].retrying = True
    app.register_error_handler(DatabaseBusy, busy_response)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(OSError, _os_error)
    app.register_error_handler(500, failure_response)
    teardowns = app.teardown_appcontext_funcs
    teardowns[:] = [end_session if f == db._teardown_session else f for f in teardowns]
