"""Gap-free sequences kept in counter rows that the database locks while a writer holds them."""
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db


def bump(model, **key) -> int:
    """The next value of the counter row identified by `key` (created at 0 when missing).

    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit, so
    concurrent writers get consecutive values and a rolled-back one gives its value back.
    """
    where = [getattr(model, column) == value for column, value in key.items()]
    increment = (update(model).where(*where).values(last_seq=model.last_seq + 1)
                 .returning(model.last_seq))
    value = db.session.execute(increment).scalar()
    if value is None:
        insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        db.session.execute(insert(model).values(last_seq=0, **key).on_conflict_do_nothing())
        value = db.session.execute(increment).scalar()
    return value
