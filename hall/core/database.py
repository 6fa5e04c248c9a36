"""The database around a request or a command: each connection's settings, and the one
transaction boundary of each."""
from contextlib import contextmanager

import click
from sqlalchemy import event
from sqlalchemy.engine import Engine

from hall.core.errors import DomainError
from hall.core.extensions import db


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers and one writer work at once; foreign keys are off by default."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # busy_timeout is set by the driver's `timeout` (config.engine_options).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def end_request_transaction(status: int) -> None:
    """Every view's one boundary (hall.core.retry wraps each view with it): a successful
    answer (below 400) keeps what the request did; an error answer drops it. Domain errors
    that escape a view are rolled back by the error handlers."""
    if not db.session().in_transaction():
        return
    if status < 400:
        db.session.commit()
    else:
        db.session.rollback()


def status_of(answer) -> int:
    """The HTTP status of whatever a view returned (a response, or a (body, status[, headers])
    tuple), without building the response."""
    if isinstance(answer, tuple) and len(answer) > 1 and isinstance(answer[1], int):
        return answer[1]
    return getattr(answer, "status_code", 200)


def keep_counted() -> None:
    """Commit before an error answer: a refused try still counts (rate limits, failed
    logins, lockouts), and the error answer would otherwise roll it back."""
    db.session.commit()


@contextmanager
def command_transaction(*refusals: type[Exception]):
    """A command's boundary: commit what the block did, or roll back a refusal (a
    DomainError, or one of `refusals`) and stop the command with its Chinese message."""
    try:
        yield
    except (DomainError, *refusals) as exc:
        db.session.rollback()
        raise click.ClickException(getattr(exc, "message", str(exc))) from None
    db.session.commit()
