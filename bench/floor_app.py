"""The floor for the ticket benchmark: a bare Flask endpoint that inserts one row.

Served by the same gunicorn settings on the same database engine as the hall, so the
benchmark can say how close issuing a ticket comes to the cheapest possible write.
"""
import os

from flask import Flask
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
)
from sqlalchemy.exc import DatabaseError

import hall.core.database  # noqa: F401  (the same SQLite pragmas: WAL, busy timeout)

engine = create_engine(os.environ["HALL_DATABASE_URL"], pool_pre_ping=True)
metadata = MetaData()
rows = Table("bench_floor_row", metadata,
             Column("id", Integer, primary_key=True),
             Column("created_at", DateTime, server_default=func.now()),
             Column("payload", String(40)))
try:
    metadata.create_all(engine)
except DatabaseError:   # another worker created it between the check and the CREATE
    pass

app = Flask(__name__)


@app.post("/insert")
def insert_row():
    with engine.begin() as connection:
        connection.execute(insert(rows).values(payload="floor"))
    return {"ok": True}, 201
