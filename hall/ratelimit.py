"""Fixed-window rate limits kept in the database, so every worker process sees one count.

`hit()` bumps the counter of the current window with one atomic upsert and only flushes:
the caller commits with the rest of the request. HALL_RATELIMIT=off turns limits off.
"""
import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db
from .ratelimit_models import RateHit

KEY_LENGTH = 120


@dataclass(frozen=True)
class Limit:
    """The verdict on one hit: allowed or not, the window's count, seconds to wait."""

    allowed: bool
    count: int
    retry_after: int


def enabled() -> bool:
    """False when the configuration turns rate limits off."""
    return bool(current_app.config.get("RATELIMIT", True))


def window_start(now: datetime, window_seconds: int) -> datetime:
    """The start of the fixed window holding `now`, windows aligned on the epoch."""
    seconds = int(now.timestamp()) // window_seconds * window_seconds
    return datetime.fromtimestamp(seconds, timezone.utc)


def storage_key(key: str) -> str:
    """The key as stored: long keys keep a prefix and a digest of the whole."""
    if len(key) <= KEY_LENGTH:
        return key
    return key[:KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()


def hit(key: str, limit: int, window_seconds: int, now: datetime) -> Limit:
    """Count one hit on `key`; not allowed once the window holds more than `limit`."""
    if not enabled():
        return Limit(allowed=True, count=0, retry_after=0)
    start = window_start(now, window_seconds)
    count = _increment(storage_key(key), start)
    if count <= limit:
        return Limit(allowed=True, count=count, retry_after=0)
    return Limit(allowed=False, count=count, retry_after=_seconds_left(start, window_seconds, now))


def _increment(key: str, start: datetime) -> int:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING: one statement, atomic on both engines."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(RateHit).values(key=key, window_start=start, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[RateHit.key, RateHit.window_start],
        set_={"count": RateHit.count + 1}).returning(RateHit.count)
    return db.session.execute(statement).scalar_one()


def _seconds_left(start: datetime, window_seconds: int, now: datetime) -> int:
    """Whole seconds until the window ends, at least 1."""
    left = start + timedelta(seconds=window_seconds) - now
    return max(1, math.ceil(left.total_seconds()))


def seconds_left(now: datetime, window_seconds: int) -> int:
    """Whole seconds until the current window ends."""
    return _seconds_left(window_start(now, window_seconds), window_seconds, now)


def count(key: str, window_seconds: int, now: datetime) -> int:
    """Hits on `key` so far in the current window."""
    found = db.session.scalar(select(RateHit.count).where(
        RateHit.key == storage_key(key), RateHit.window_start == window_start(now, window_seconds)))
    return found or 0


def reset(key: str, now: datetime, window_seconds: int) -> None:
    """Forget the current window of `key`, e.g. after a successful look-up."""
    db.session.execute(delete(RateHit).where(
        RateHit.key == storage_key(key), RateHit.window_start == window_start(now, window_seconds)))


def purge(now: datetime, older_than_seconds: int = 86400) -> int:
    """Delete windows that started more than `older_than_seconds` ago; returns how many."""
    cutoff = now - timedelta(seconds=older_than_seconds)
    result = db.session.execute(delete(RateHit).where(RateHit.window_start < cutoff))
    return result.rowcount


def too_many(retry_after: int):
    """The API's 429 response, with a Retry-After header."""
    from .api import error
    seconds = max(1, int(retry_after))
    response, status = error(429, "too_many_requests", f"请求过于频繁，请 {seconds} 秒后再试")
    response.headers["Retry-After"] = str(seconds)
    return response, status
