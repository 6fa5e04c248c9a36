"""One submission, one result: a double-submitted form or a retried API call acts once.

A page form carries a one-time token in a hidden field (`submission_token`, rendered by
`token_field()`); an API client may send an `Idempotency-Key` header. Before acting, the
view claims the key by inserting its row (`claim`): the unique (scope, key_hash) decides
between concurrent duplicates, not a read. On PostgreSQL a second insert of the same key
waits for the first transaction and then does nothing; on SQLite it waits for the write
lock. The winner acts, notes what it made (`complete`) and commits with it in one
transaction, so a failed attempt leaves no row and the same token may be sent again once
the form is corrected. A repeat gets `Claim.first`, the row of the first submission, and
answers with that result instead of acting.

The row keeps the scope, a SHA-256 of the key (with the account it belongs to), a SHA-256 of
the request (method, path and JSON body), the status and the identifier of what was made:
never the request or the response itself, which hold personal data. Rows older than
KEEP_DAYS are dropped by `flask housekeeping`.
"""
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import request
from markupsafe import Markup, escape
from sqlalchemy import Index, String, UniqueConstraint, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.types import UTCDateTime

FIELD = "submission_token"
HEADER = "Idempotency-Key"
KEY_MAX = 200
KEEP_DAYS = 7
REUSED = "该请求标识已用于另一项不同的提交，请换一个新的标识"
BAD_KEY = f"{HEADER} 须为 1 到 {KEY_MAX} 个可见 ASCII 字符"
STALE_FORM = "表单已失效，请刷新页面后重新填写"

# The header as the OpenAPI description of each protected operation lists it.
HEADER_PARAMETER = {
    "name": HEADER, "in": "header", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX, "pattern": "^[!-~]+$"},
    "description": ("可选。客户端为每次提交生成的唯一标识（如 UUID）。同一标识重复提交（网络重试、"
                    f"重复点击）不会重复创建，而是返回首次提交的结果与状态码；同一标识用于内容不同的"
                    f"请求时返回 422。标识保留 {KEEP_DAYS} 天。"),
}


class Submission(db.Model):
    """A claimed one-time form token or Idempotency-Key, and what its first use made."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column()
    resource: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("scope", "key_hash"),
        Index("ix_submission_created_at", "created_at"),
    )


@dataclass(frozen=True)
class Claim:
    """This request's hold on its key: `id` of its own row to complete, or the first one."""

    id: int | None = None
    first: Submission | None = None

    @property
    def repeated(self) -> bool:
        return self.first is not None


NO_KEY = Claim()


def claim(scope: str, key: str | None, now: datetime, *, owner: str = "",
          fingerprint: str = "") -> Claim:
    """Claim `key` in `scope` for this request, or find the submission that used it first.

    No key: nothing is claimed (NO_KEY) and the caller acts as before. The same key with a
    different fingerprint is a 422: a key names one request, not a slot to fill twice.
    """
    if not key:
        return NO_KEY
    key_hash = _digest(owner, key)
    values = {"scope": scope, "key_hash": key_hash, "fingerprint": fingerprint,
              "resource": "", "created_at": now}
    connection = db.session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = Submission.__table__
    new_id = connection.execute(insert(table).values(**values).on_conflict_do_nothing(
        index_elements=["scope", "key_hash"]).returning(table.c.id)).scalar()
    if new_id is not None:
        return Claim(id=new_id)
    first = db.session.scalar(select(Submission).where(
        Submission.scope == scope, Submission.key_hash == key_hash)
        .execution_options(populate_existing=True))
    if first is None or first.status is None:
        # Released (a refused rate limit) or purged between the two statements: a moment's
        # race, answered like a submission still running.
        raise DomainError("该提交正在处理中，请稍后刷新查看", code="in_progress", status=409)
    if first.fingerprint != fingerprint:
        raise DomainError(REUSED, code="idempotency_key_reused", status=422,
                          fields={HEADER: REUSED})
    return Claim(first=first)


def complete(held: Claim, resource, status: int) -> None:
    """Note what the first submission made; commits with it in the caller's transaction."""
    if held.id is not None:
        db.session.execute(update(Submission).where(Submission.id == held.id)
                           .values(resource=str(resource), status=status))


def release(held: Claim) -> None:
    """Give the key back when the request commits without acting (a refused rate limit)."""
    if held.id is not None:
        db.session.execute(delete(Submission).where(Submission.id == held.id))


def purge(now: datetime) -> int:
    """Forget keys older than KEEP_DAYS; returns how many."""
    cutoff = now - timedelta(days=KEEP_DAYS)
    return db.session.execute(delete(Submission).where(Submission.created_at < cutoff)).rowcount


def _digest(owner: str, key: str) -> str:
    return hashlib.sha256(f"{owner}\n{key}".encode()).hexdigest()


def request_fingerprint(body) -> str:
    """This request's method and path with its JSON body, canonical (key order aside)."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{text}".encode()).hexdigest()


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= KEY_MAX and all("!" <= c <= "~" for c in key)


# -- API: the Idempotency-Key header -------------------------------------------------------

def api_claim(scope: str, body, now: datetime, owner: str = "") -> Claim:
    """Claim the request's Idempotency-Key (if any) for this method, path and JSON body."""
    key = request.headers.get(HEADER)
    if key is None:
        return NO_KEY
    if not _valid_key(key):
        raise DomainError(BAD_KEY, fields={HEADER: BAD_KEY})
    return claim(scope, key, now, owner=f"api:{owner}", fingerprint=request_fingerprint(body))


# -- Pages: the one-time token in a hidden field ---------------------------------------------

def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_field() -> Markup:
    """The hidden field for a form: a fresh token, or the one just posted when the page is
    shown again after a refused attempt (which claimed nothing)."""
    posted = request.form.get(FIELD, "") if request.method == "POST" else ""
    token = posted if _valid_key(posted) else new_token()
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')


def form_claim(scope: str, now: datetime, owner: str = "") -> Claim:
    """Claim the posted form's token; a form without one (a script) is not protected."""
    token = request.form.get(FIELD, "")
    if not token:
        return NO_KEY
    if not _valid_key(token):
        raise DomainError(STALE_FORM, code="stale_form")
    return claim(scope, token, now, owner=f"form:{owner}",
                 fingerprint=request_fingerprint(request.path))
