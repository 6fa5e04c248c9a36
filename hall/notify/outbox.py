"""Queueing a message: the producers' one entry point.

`enqueue` adds the row inside the caller's transaction and never commits, so the message
exists exactly when its cause does (a booking rolled back sends nothing). The key names the
event: a second call with the same key does nothing, even when two transactions race, because
the insert is `INSERT … ON CONFLICT (key) DO NOTHING` on both engines.
"""
import hashlib
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.core.extensions import db
from hall.core.prepared import Prepared
from hall.core.validators import MOBILE, normalize_phone
from hall.notify.models import KEY_LENGTH, KINDS, OutboxMessage


def _insert_statement(dialect_name: str):
    table = OutboxMessage.__table__
    insert = pg_insert if dialect_name == "postgresql" else sqlite_insert
    values = {name: bindparam(name, type_=table.c[name].type)
              for name in ("key", "kind", "phone", "text", "created_at", "next_at")}
    return (insert(table).values(status="pending", tries=0, last_error="", **values)
            .on_conflict_do_nothing(index_elements=[table.c.key]))


_INSERT = Prepared(_insert_statement)


def enqueue(kind: str, phone: str, text: str, key: str, now: datetime) -> bool:
    """Queue one SMS; True when this call queued it, False when the key was queued before
    or the number takes no SMS (a landline). Flushes, never commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    if not text or not key:
        raise ValueError("a message needs a text and a key")
    mobile = normalize_phone(phone)
    if not MOBILE.fullmatch(mobile):
        return False
    db.session.flush()   # the cause is written first, in the same transaction
    cursor = _INSERT.run({"key": stored_key(key), "kind": kind, "phone": mobile, "text": text,
                          "created_at": now, "next_at": now})
    try:
        return cursor.rowcount == 1
    finally:
        cursor.close()


def stored_key(key: str) -> str:
    """The key as stored: a long one keeps a prefix and a digest of the whole."""
    if len(key) <= KEY_LENGTH:
        return key
    return key[:KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()
