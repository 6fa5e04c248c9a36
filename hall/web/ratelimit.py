"""Sliding-window rate limits kept in the database, so every worker process sees one count.

A key's hits are counted in slots of a tenth of its window. A hit is judged on the slots that
overlap the last `window_seconds`: the current one and the ten before it. So a hit counts
for one window and at most a tenth more, and no span of `window_seconds` ever lets more
than `limit` hits through, wherever it falls: a burst after a boundary meets the burst just
before it instead of a fresh allowance.

Every limit counts first and decides on the count it gets back. `hit()` increments the
current slot and sums the older ones in one statement (INSERT … ON CONFLICT DO UPDATE …
RETURNING). Hits on one key are serialized until the caller commits: SQLite has one writer
at a time, and PostgreSQL takes a transaction-scoped advisory lock on the key first, so
each concurrent request sees every hit committed before it and no more than `limit` pass.
A refused hit is taken back at once, so that hammering does not lengthen the wait;
`refund()` takes back an allowed hit that the caller decides should not count (a look-up
that found its case, a good login). Statements only flush: the caller commits with the rest
of the request. HALL_RATELIMIT=off turns limits off.
"""
import hashlib
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.core.extensions import db
from hall.core.prepared import Prepared
from hall.web.ratelimit_models import RateHit
from hall.web.responses import error

KEY_LENGTH = 120
SLOTS = 10   # slots per window: a hit counts for one window and at most a tenth more


@dataclass(frozen=True)
class Limit:
    """The verdict on one hit: allowed or not, the sliding count, seconds to wait."""

    allowed: bool
    count: int
    retry_after: int
    # Where the hit was counted, for refund(); None when limits are off.
    slot: tuple[str, datetime] | None = field(default=None, compare=False, repr=False)


def enabled() -> bool:
    """False when the configuration turns rate limits off."""
    return bool(current_app.config.get("RATELIMIT", True))


def slot_seconds(window_seconds: int) -> int:
    """The length of a slot, rounded up so that the slots counted always span the window."""
    return max(1, -(-window_seconds // SLOTS))


def window_start(now: datetime, window_seconds: int) -> datetime:
    """The start of the fixed window holding `now`, windows aligned on the epoch."""
    seconds = int(now.timestamp()) // window_seconds * window_seconds
    return datetime.fromtimestamp(seconds, UTC)


def _slots(now: datetime, window_seconds: int) -> tuple[datetime, datetime, timedelta]:
    """The current slot's start, the oldest slot still counted, and a slot's length."""
    length = slot_seconds(window_seconds)
    start = window_start(now, length)
    return start, start - timedelta(seconds=length * SLOTS), timedelta(seconds=length)


def storage_key(key: str) -> str:
    """The key as stored: long keys keep a prefix and a digest of the whole."""
    if len(key) <= KEY_LENGTH:
        return key
    return key[:KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()


def _key_param(table):
    return bindparam("key", type_=table.c.key.type)


def _time_param(table, name: str):
    return bindparam(name, type_=table.c.window_start.type)


def _hit_statement(dialect_name: str):
    """Count one hit in the current slot; return it with the sum of the older slots."""
    table = RateHit.__table__
    older = table.alias("older")
    insert = pg_insert if dialect_name == "postgresql" else sqlite_insert
    older_hits = select(func.coalesce(func.sum(older.c.count), 0)).where(
        older.c.key == _key_param(table), older.c.window_start >= _time_param(table, "oldest"),
        older.c.window_start < _time_param(table, "start")).scalar_subquery()
    statement = insert(table).values(key=_key_param(table), window_start=_time_param(
        table, "start"), count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key, table.c.window_start], set_={"count": table.c.count + 1})
    return statement.returning(table.c.count, older_hits)


def _lock_statement(dialect_name: str):
    """PostgreSQL: hits on one key wait for each other until commit (SQLite needs none)."""
    return select(func.pg_advisory_xact_lock(func.hashtextextended(
        _key_param(RateHit.__table__), 0)))


def _refund_statement(dialect_name: str):
    table = RateHit.__table__
    return (update(table)
            .where(table.c.key == _key_param(table),
                   table.c.window_start == _time_param(table, "start"), table.c.count > 0)
            .values(count=table.c.count - 1))


_HIT = Prepared(_hit_statement)
_LOCK = Prepared(_lock_statement)
_REFUND = Prepared(_refund_statement)


def hit(key: str, limit: int, window_seconds: int, now: datetime) -> Limit:
    """Count one hit on `key`; allowed while the last window holds at most `limit` hits."""
    if not enabled():
        return Limit(allowed=True, count=0, retry_after=0)
    stored = storage_key(key)
    start, oldest, _ = _slots(now, window_seconds)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _LOCK.one({"key": stored}, connection)
    current, older = _HIT.one({"key": stored, "start": start, "oldest": oldest}, connection)
    count = current + older
    if count <= limit:
        return Limit(allowed=True, count=count, retry_after=0, slot=(stored, start))
    _REFUND.run({"key": stored, "start": start}, connection).close()
    return Limit(allowed=False, count=count,
                 retry_after=_retry_after(stored, limit, window_seconds, now))


def refund(verdict: Limit) -> None:
    """Take back an allowed hit, so that it does not use the allowance."""
    if verdict.allowed and verdict.slot is not None:
        key, start = verdict.slot
        _REFUND.run({"key": key, "start": start}).close()


def _counted_slots(stored: str, window_seconds: int, now: datetime) -> list[tuple[datetime, int]]:
    """The slots of `stored` still counted at `now`, oldest first."""
    start, oldest, _ = _slots(now, window_seconds)
    return db.session.execute(
        select(RateHit.window_start, RateHit.count)
        .where(RateHit.key == stored, RateHit.window_start >= oldest,
               RateHit.window_start <= start)
        .order_by(RateHit.window_start)).all()


def _retry_after(stored: str, limit: int, window_seconds: int, now: datetime) -> int:
    """Whole seconds until one more hit would be allowed, if nobody else hits meanwhile:
    until enough of the oldest slots have stopped counting."""
    slots = _counted_slots(stored, window_seconds, now)
    _, _, length = _slots(now, window_seconds)
    left = sum(hits for _, hits in slots)
    free_at = now
    for slot_start, hits in slots:
        if left + 1 <= limit:
            break
        left -= hits
        free_at = slot_start + length * (SLOTS + 1)
    return max(1, math.ceil((free_at - now).total_seconds()))


def count(key: str, window_seconds: int, now: datetime) -> int:
    """The hits on `key` that count at `now`."""
    return sum(hits for _, hits in _counted_slots(storage_key(key), window_seconds, now))


def purge(now: datetime, older_than_seconds: int = 86400) -> int:
    """Delete windows that started more than `older_than_seconds` ago; returns how many."""
    cutoff = now - timedelta(seconds=older_than_seconds)
    result = db.session.execute(delete(RateHit).where(RateHit.window_start < cutoff))
    return result.rowcount


def too_many(retry_after: int):
    """The API's 429 response, with a Retry-After header."""
    seconds = max(1, int(retry_after))
    response, status = error(429, "too_many_requests", f"请求过于频繁，请 {seconds} 秒后再试")
    response.headers["Retry-After"] = str(seconds)
    return response, status


def minutes(seconds: int) -> int:
    """Whole minutes, rounded up, for pages that say how long to wait."""
    return max(1, -(-int(seconds) // 60))
