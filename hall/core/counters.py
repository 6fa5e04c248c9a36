"""Gap-free sequences kept in counter rows that the database locks while a writer holds them."""
import functools

from sqlalchemy import bindparam, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.core.extensions import db
from hall.core.prepared import Prepared


def bump(model, **key) -> int:
    """The next value of the counter row identified by `key` (created at 0 when missing).

    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit, so
    concurrent writers get consecutive values and a rolled-back one gives its value back.
    """
    increment = _increment_statement(model, tuple(sorted(key)))
    connection = db.session.connection()
    params = {f"key_{column}": value for column, value in key.items()}
    row = increment.one(params, connection)
    if row is None:
        create_counter(model, **key)
        row = increment.one(params, connection)
    return row[0]


def create_counter(model, **key) -> None:
    """The counter row at 0, unless another writer has just created it."""
    connection = db.session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(insert(model).values(last_seq=0, **key).on_conflict_do_nothing())


@functools.cache
def _increment_statement(model, columns: tuple[str, ...]) -> Prepared:
    """Built once per counter table: UPDATE … SET last_seq = last_seq + 1 … RETURNING."""
    table = model.__table__
    return Prepared(lambda dialect: (
        update(table).where(*[table.c[c] == bindparam(f"key_{c}", type_=table.c[c].type)
                              for c in columns])
        .values(last_seq=table.c.last_seq + 1).returning(table.c.last_seq)))
