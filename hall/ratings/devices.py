"""Evaluator tablets as registered devices, and the one-time keys that let them rate.

A tablet is registered by the administrator for one window and opens a one-time link
(LINK_MINUTES) that leaves its device key in an HttpOnly cookie, as a kiosk does. The public
event stream only says that a service finished at window N; the tablet of window N then asks
`pending_keys` for a key per service finished there in the last KEY_MINUTES and still
unrated. A key rates only its own service, only from its own window's tablet, and only once:
`rate_with_key` marks it used in the same UPDATE that finds it, in the transaction that
stores the rating, so a replay or two racing submissions give one rating.

A key is HMAC(SECRET_KEY, nonce) for a random per-service nonce; only its SHA-256 is looked
up. The tablet can therefore fetch the same key again after a reload, while a copy of the
database alone lets nobody rate.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.cases.models import Case
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden, NotFound
from hall.core.extensions import db
from hall.core.journal import record
from hall.queue import kiosks
from hall.queue.kiosks import new_link
from hall.queue.models import Ticket
from hall.ratings import services
from hall.ratings.models import EvaluatorDevice, Rating, RatingKey
from hall.web import ratelimit
from hall.windows.models import Window

COOKIE = "hall_evaluator"
LINK_MINUTES = kiosks.LINK_MINUTES   # registration links: once, within 30 minutes, as kiosks
KEY_MINUTES = 10        # how long after a service its key may rate it on the tablet
PENDING_MAX = 5         # services offered at once, the latest first
POST_LIMIT, POST_WINDOW = 30, 600   # a tablet's rating submissions per 10 minutes
KEY_GONE = "评价时间已过，感谢您的配合"
WRONG_WINDOW = "本设备不是该窗口的评价器"
UNREGISTERED = "本设备未登记为评价器，不能提交评价"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# -- devices ---------------------------------------------------------------------------

def register_device(actor: Actor, name: str, window: Window | None,
                    now: datetime) -> tuple[str, EvaluatorDevice]:
    """A new tablet for one window and its one-time link's token (shown once)."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise DomainError("请填写 1 到 60 个字的评价器名称", fields={"name": "请填写评价器名称"})
    if window is None:
        raise DomainError("请选择窗口", fields={"window": "请选择窗口"})
    if db.session.scalar(select(EvaluatorDevice).where(EvaluatorDevice.name == name)):
        raise DomainError("评价器名称已存在", fields={"name": "评价器名称已存在"})
    if db.session.scalar(select(EvaluatorDevice).where(EvaluatorDevice.window_id == window.id)):
        raise Conflict(f"{window.no}号窗口已登记评价器；更换设备请生成新的登记链接",
                       code="window_taken")
    token, link_hash, expires = new_link(now)
    device = EvaluatorDevice(name=name, window_id=window.id, created_at=now,
                             link_hash=link_hash, link_expires_at=expires)
    db.session.add(device)
    db.session.flush()
    record(actor, "evaluator.register", device, after=device.audit_dict())
    return token, device


def relink_device(actor: Actor, device: EvaluatorDevice, now: datetime) -> str:
    """A fresh one-time link: the tablet that opens it replaces the one registered before."""
    before = device.audit_dict()
    token, device.link_hash, device.link_expires_at = new_link(now)
    db.session.flush()
    record(actor, "evaluator.relink", device, before=before, after=device.audit_dict())
    return token


def enrol_device(token: str, now: datetime,
                 address: str = "") -> tuple[str, EvaluatorDevice] | None:
    """Open a registration link: consumed in one UPDATE, so only one browser gets the key."""
    if not token:
        return None
    key = secrets.token_urlsafe(32)
    found = db.session.execute(
        update(EvaluatorDevice)
        .where(EvaluatorDevice.link_hash == _digest(token[:64]),
               EvaluatorDevice.link_expires_at > now)
        .values(key_hash=_digest(key), link_hash=None, link_expires_at=None, enrolled_at=now)
        .returning(EvaluatorDevice.id)).scalar_one_or_none()
    if found is None:
        return None
    device = db.session.get(EvaluatorDevice, found, populate_existing=True)
    record(device_actor(device.window, address), "evaluator.enrol", device, after=device.audit_dict())
    return key, device


def revoke_device(actor: Actor, device: EvaluatorDevice) -> None:
    """注销: the tablet's cookie stops working at once."""
    before = device.audit_dict()
    db.session.delete(device)
    db.session.flush()
    record(actor, "evaluator.revoke", label=before["name"], before=before)


def device_by_key(key: str | None) -> EvaluatorDevice | None:
    if not key:
        return None
    return db.session.scalar(select(EvaluatorDevice).where(
        EvaluatorDevice.key_hash == _digest(key[:100])))


def current_device() -> EvaluatorDevice | None:
    """The registered tablet making this request, by its cookie."""
    return device_by_key(request.cookies.get(COOKIE))


def devices() -> list[EvaluatorDevice]:
    return list(db.session.scalars(
        select(EvaluatorDevice).join(Window).order_by(Window.no)))


# -- one-time keys ---------------------------------------------------------------------

def _key_for(nonce: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"rating-key:" + nonce.encode(), hashlib.sha256).hexdigest()


def pending_keys(device: EvaluatorDevice, now: datetime) -> list[dict]:
    """A key for each service finished at the tablet's window in the last KEY_MINUTES and
    not yet rated, the latest first (made on first request, the same one afterwards)."""
    since = now - timedelta(minutes=KEY_MINUTES)
    window_id = device.window_id
    # Spent and expired keys are kept a day (a late replay is told "already rated"), then
    # dropped here, so the table stays small without a cron job.
    db.session.execute(delete(RatingKey).where(
        RatingKey.window_id == window_id, RatingKey.expires_at < now - timedelta(days=1)))
    subjects = _recent_tickets(window_id, since) + _recent_cases(window_id, since)
    subjects.sort(key=lambda pair: pair[1], reverse=True)
    offered = []
    for subject, finished_at in subjects[:PENDING_MAX]:
        row = _key_row(subject, window_id, finished_at + timedelta(minutes=KEY_MINUTES))
        if row is not None and row.used_at is None:
            offered.append(_offer(subject, row))
    return offered


def _recent_tickets(window_id: int, since: datetime) -> list:
    rated = exists().where(Rating.ticket_id == Ticket.id)
    rows = db.session.execute(
        select(Ticket, Ticket.finished_at)
        .where(Ticket.window_id == window_id, Ticket.status == "done",
               Ticket.finished_at >= since, ~rated)
        .order_by(Ticket.finished_at.desc()).limit(PENDING_MAX))
    return [(ticket, finished_at) for ticket, finished_at in rows]


def _recent_cases(window_id: int, since: datetime) -> list:
    rated = exists().where(Rating.case_id == Case.id)
    rows = db.session.execute(
        select(Case, Case.closed_at)
        .where(Case.window_id == window_id, Case.status == "closed",
               Case.closed_at >= since, ~rated)
        .order_by(Case.closed_at.desc()).limit(PENDING_MAX))
    return [(case, closed_at) for case, closed_at in rows]


def _key_row(subject: Ticket | Case, window_id: int, expires_at: datetime) -> RatingKey | None:
    """The service's key row, inserted once however many requests race for it."""
    column = "ticket_id" if isinstance(subject, Ticket) else "case_id"
    nonce = secrets.token_hex(16)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(RatingKey).values(window_id=window_id, nonce=nonce,
                                 key_hash=_digest(_key_for(nonce)), expires_at=expires_at,
                                 **{column: subject.id})
        .on_conflict_do_nothing(index_elements=[getattr(RatingKey, column)]))
    return db.session.scalar(select(RatingKey).where(
        getattr(RatingKey, column) == subject.id, RatingKey.window_id == window_id)
        .execution_options(populate_existing=True))


def _offer(subject: Ticket | Case, row: RatingKey) -> dict:
    if isinstance(subject, Ticket):
        kind, ref, label = "ticket", subject.id, subject.number
    else:
        kind, ref, label = "case", subject.case_no, f"办件 {subject.case_no}"
    return {"key": _key_for(row.nonce), "kind": kind, "ref": ref, "label": label,
            "expires_at": row.expires_at.isoformat()}


def post_allowance(device: EvaluatorDevice, now: datetime) -> ratelimit.Limit:
    """Count one submission against the tablet."""
    return ratelimit.hit(f"rating:evaluator:{device.id}", POST_LIMIT, POST_WINDOW, now)


def check_device(device: EvaluatorDevice | None, window: Window) -> EvaluatorDevice:
    """The request comes from this window's registered tablet, or it is refused."""
    if device is None:
        raise Forbidden(UNREGISTERED, code="device_unregistered")
    if device.window_id != window.id:
        raise Forbidden(WRONG_WINDOW, code="wrong_window")
    return device


def service_key(subject: Ticket | Case, now: datetime) -> str | None:
    """The key a tablet is given for one finished, unrated service (None once too late)."""
    finished_at = subject.finished_at if isinstance(subject, Ticket) else subject.closed_at
    if (not services.is_finished(subject) or finished_at is None or subject.window_id is None
            or finished_at < now - timedelta(minutes=KEY_MINUTES)):
        return None
    row = _key_row(subject, subject.window_id, finished_at + timedelta(minutes=KEY_MINUTES))
    return _key_for(row.nonce) if row is not None and row.used_at is None else None


def device_actor(window: Window, address: str = "") -> Actor:
    """A window's evaluator tablet acting on its own."""
    return Actor(username=f"evaluator-{window.no}", role="device", address=address)


def rate_with_key(window: Window, key, level, comment, reasons, now: datetime,
                  actor: Actor) -> Rating:
    """The tablet's rating (the caller has checked the device): the key must belong to a
    service of this window and is consumed in the statement that finds it."""
    level, comment, reasons = services.check_input(level, comment, reasons)
    if not isinstance(key, str) or not key or len(key) > 100:
        raise NotFound(KEY_GONE, code="key_invalid")
    consumed = db.session.execute(
        update(RatingKey)
        .where(RatingKey.key_hash == _digest(key), RatingKey.window_id == window.id,
               RatingKey.used_at.is_(None), RatingKey.expires_at > now)
        .values(used_at=now)
        .returning(RatingKey.ticket_id, RatingKey.case_id)).one_or_none()
    if consumed is None:
        raise _refusal(key, window)
    ticket_id, case_id = consumed
    subject = (db.session.get(Ticket, ticket_id) if ticket_id is not None
               else db.session.get(Case, case_id))
    return services.rate(subject, level, comment, reasons, "evaluator", now, actor)


def _refusal(key: str, window: Window) -> DomainError:
    """Why a key did not work: already used (409), or unknown, elsewhere or expired (404)."""
    used = db.session.scalar(select(RatingKey.used_at).where(
        RatingKey.key_hash == _digest(key), RatingKey.window_id == window.id))
    if used is not None:
        return Conflict(services.ALREADY, code="already_rated")
    return NotFound(KEY_GONE, code="key_invalid")
