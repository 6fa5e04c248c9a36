"""Registered kiosks and their green channel (绿色通道) mode."""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import request
from sqlalchemy import select, update

from hall.core.actor import Actor
from hall.core.errors import DomainError, Forbidden
from hall.core.extensions import db
from hall.core.journal import record
from hall.queue.models import Kiosk
from hall.settings import services as settings

COOKIE = "hall_kiosk"
HEADER = "X-Kiosk-Key"
LINK_MINUTES = 30   # a registration link works once, within this many minutes


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_link(now: datetime) -> tuple[str, str, datetime]:
    """A one-time registration link's token, its hash and when it expires."""
    token = secrets.token_urlsafe(24)
    return token, _digest(token), now + timedelta(minutes=LINK_MINUTES)


def register_kiosk(actor: Actor, name: str, now: datetime) -> tuple[str, Kiosk]:
    """A new kiosk and its one-time registration link's token (shown once, kept hashed)."""
    name = name.strip()
    if not name or len(name) > 60:
        raise DomainError("请填写 1 到 60 个字的终端名称", fields={"name": "请填写终端名称"})
    if db.session.scalar(select(Kiosk).where(Kiosk.name == name)):
        raise DomainError("终端名称已存在", fields={"name": "终端名称已存在"})
    token, link_hash, expires = new_link(now)
    # The device key is made when the link is opened; until then the kiosk's key is one
    # that nobody knows.
    kiosk = Kiosk(name=name, key_hash=_digest(secrets.token_urlsafe(24)), created_at=now,
                  green_opened_by="", link_hash=link_hash, link_expires_at=expires)
    db.session.add(kiosk)
    db.session.flush()
    record(actor, "kiosk.register", kiosk, after=kiosk.audit_dict())
    return token, kiosk


def relink_kiosk(actor: Actor, kiosk: Kiosk, now: datetime) -> str:
    """A fresh one-time link for a kiosk (a new browser, or a link that expired)."""
    before = kiosk.audit_dict()
    token, kiosk.link_hash, kiosk.link_expires_at = new_link(now)
    db.session.flush()
    record(actor, "kiosk.relink", kiosk, before=before, after=kiosk.audit_dict())
    return token


def kiosk_actor(address: str = "") -> Actor:
    """A kiosk acting on its own (enrolling, closing its green channel)."""
    return Actor(username="kiosk", role="kiosk", address=address)


def enrol_kiosk(token: str, now: datetime, actor: Actor) -> tuple[str, Kiosk] | None:
    """Open a registration link: it is consumed in one UPDATE, so only one browser ever
    gets the new device key; any key handed out before stops working."""
    if not token:
        return None
    key = secrets.token_urlsafe(24)
    consumed = db.session.execute(
        update(Kiosk).where(Kiosk.link_hash == _digest(token[:64]), Kiosk.link_expires_at > now)
        .values(key_hash=_digest(key), link_hash=None, link_expires_at=None)
        .returning(Kiosk.id)).scalar_one_or_none()
    if consumed is None:
        return None
    kiosk = db.session.get(Kiosk, consumed, populate_existing=True)
    record(actor, "kiosk.enrol", kiosk,
           after=kiosk.audit_dict())
    return key, kiosk


def kiosk_by_key(key: str | None) -> Kiosk | None:
    if not key:
        return None
    return db.session.scalar(select(Kiosk).where(Kiosk.key_hash == _digest(key)))


def current_kiosk() -> Kiosk | None:
    """The kiosk making this request, by its header (devices) or cookie (browsers)."""
    return kiosk_by_key(request.headers.get(HEADER) or request.cookies.get(COOKIE))


def open_green(kiosk: Kiosk, actor: Actor, now: datetime) -> Kiosk:
    """Staff open the green channel on a kiosk for the configured minutes."""
    user = actor.user
    if user.role not in ("staff", "manager"):
        raise Forbidden("只有窗口工作人员或大厅管理员可以开启绿色通道")
    if not user.is_enabled or user.is_locked(now):
        raise Forbidden("该账户已停用或已锁定，不能开启绿色通道")
    if user.must_change_password:
        raise Forbidden("该账户须先修改密码：请先登录工作台修改密码，再开启绿色通道")
    before = kiosk.audit_dict()
    kiosk.green_until = now + timedelta(minutes=settings.get("green_channel_minutes"))
    kiosk.green_opened_by = user.username
    db.session.flush()
    record(actor, "kiosk.green_open", kiosk, before=before,
           after=kiosk.audit_dict())
    return kiosk


def close_green(kiosk: Kiosk, actor: Actor) -> None:
    before = kiosk.audit_dict()
    kiosk.green_until = None
    db.session.flush()
    record(actor, "kiosk.green_close", kiosk, before=before, after=kiosk.audit_dict())


def delete_kiosk(actor: Actor, kiosk: Kiosk) -> None:
    before = kiosk.audit_dict()
    db.session.delete(kiosk)
    db.session.flush()
    record(actor, "kiosk.delete", label=before["name"], before=before)


TICKET_LIMIT, TICKET_WINDOW = 60, 600


def ticket_allowance(kiosk: Kiosk | None, address: str, now: datetime):
    """Count a ticket against its kiosk (or, for other devices, its address)."""
    from hall.web import ratelimit
    key = f"tickets:kiosk:{kiosk.id}" if kiosk is not None else f"tickets:addr:{address}"
    limit = TICKET_LIMIT * 10 if kiosk is not None else TICKET_LIMIT
    return ratelimit.hit(key, limit, TICKET_WINDOW, now)
