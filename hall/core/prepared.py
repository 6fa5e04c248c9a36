"""Hot statements run on the database driver's cursor, compiled once per dialect.

Issuing a ticket takes a handful of small statements. For each of them SQLAlchemy's
execution machinery (events, execution context, result objects) costs several times what
SQLite spends running it, and the kiosks' throughput is bounded by that CPU. A `Prepared`
statement is a Core statement compiled once per dialect and executed on the DBAPI cursor of
the session's connection, inside the session's transaction:

- parameters pass through each column type's own bind processor, so the stored values are
  exactly what the ORM would have stored (UTC datetimes, dates, booleans);
- driver errors are raised as SQLAlchemy's `DBAPIError` (a lost connection invalidated
  first), so `hall.core.retry` treats them like any other;
- rows come back as the driver gives them: use it for statements that return numbers and
  text.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

from hall.core.extensions import db


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # (parameter name, the value when the caller gives none, bind processor or None)
    binds: tuple[tuple[str, object, Callable | None], ...]
    positional: bool


class Prepared:
    """A statement built by `build(dialect_name)` and compiled once for each dialect."""

    def __init__(self, build: Callable[[str], object]):
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def run(self, params: dict, connection: Connection | None = None):
        """Execute inside the session's transaction; returns the DBAPI cursor."""
        connection = connection if connection is not None else db.session.connection()
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        values = [(name, processor(params.get(name, default)) if processor
                   else params.get(name, default))
                  for name, default, processor in compiled.binds]
        arguments = tuple(v for _, v in values) if compiled.positional else dict(values)
        dbapi_connection = connection.connection
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(compiled.sql, arguments)
        except dialect.loaded_dbapi.Error as exc:
            lost = dialect.is_disconnect(exc, dbapi_connection, cursor)
            if lost:
                connection.invalidate(exc)
            raise DBAPIError.instance(compiled.sql, arguments, exc, dialect.loaded_dbapi.Error,
                                      connection_invalidated=lost, dialect=dialect) from exc
        return cursor

    def one(self, params: dict, connection: Connection | None = None):
        """The first row (a tuple), or None."""
        cursor = self.run(params, connection)
        row = cursor.fetchone()
        cursor.close()
        return row

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self._build(dialect.name).compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a prepared statement cannot expand parameters")
        names = compiled.positiontup if compiled.positional else list(compiled.binds)
        binds = []
        for name in names:
            bind = compiled.binds[name]
            binds.append((name, bind.value, _processor(bind.type, dialect)))
        result = _Compiled(compiled.string, tuple(binds), compiled.positional)
        self._compiled[dialect.name] = result
        return result


_processors: dict = {}


def _processor(type_, dialect: Dialect) -> Callable | None:
    """One bind processor per dialect and column type, shared by every statement."""
    key = (dialect.name, repr(type_))
    if key not in _processors:
        processor = type_.dialect_impl(dialect).bind_processor(dialect)
        _processors[key] = processor and _remembering_last(processor)
    return _processors[key]


def _remembering_last(processor: Callable) -> Callable:
    """The processor, skipped when given the very object it converted last.

    One ticket passes the same `now` and `day` to several statements; converting a
    datetime to SQLite's text form costs more than the rest of the parameter handling.
    Only dates and datetimes are remembered (they cannot change); the pair is replaced in
    one assignment, so threads never see a mismatched one.
    """
    last = (object(), None)

    def process(value):
        nonlocal last
        if not isinstance(value, date):   # dates and datetimes cannot change
            return processor(value)
        seen, result = last
        if value is seen:
            return result
        result = processor(value)
        last = (value, result)
        return result
    return process
