"""Registered kiosks and their green channel (绿色通道) mode."""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import request
from sqlalchemy import select

from ..audit.services import Actor, record
from ..errors import DomainError, Forbidden
from ..extensions import db
from ..settings import services as settings
from .models import Kiosk

COOKIE = "hall_kiosk"
HEADER = "X-Kiosk-Key"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def register_kiosk(actor: Actor, name: str, now: datetime) -> tuple[str, Kiosk]:
    """A new kiosk and its secret key (shown once, kept only as a hash)."""
    name = name.strip()
    if not name or len(name) > 60:
        raise DomainError("请填写 1 到 60 个字的终端名称", fields={"name": "请填写终端名称"})
    if db.session.scalar(select(Kiosk).where(Kiosk.name == name)):
        raise DomainError("终端名称已存在", fields={"name": "终端名称已存在"})
    key = secrets.token_urlsafe(24)
    kiosk = Kiosk(name=name, key_hash=_digest(key), created_at=now, green_opened_by="")
    db.session.add(kiosk)
    db.session.flush()
    record(actor, "kiosk.register", kiosk, after=kiosk.audit_dict())
    return key, kiosk


def kiosk_by_key(key: str | None) -> Kiosk | None:
    if not key:
        return None
    return db.session.scalar(select(Kiosk).where(Kiosk.key_hash == _digest(key)))


def current_kiosk() -> Kiosk | None:
    """The kiosk making this request, by its header (devices) or cookie (browsers)."""
    return kiosk_by_key(request.headers.get(HEADER) or request.cookies.get(COOKIE))


def open_green(kiosk: Kiosk, user, now: datetime, address: str = "") -> Kiosk:
    """Staff open the green channel on a kiosk for the configured minutes."""
    if user.role not in ("staff", "manager"):
        raise Forbidden("只有窗口工作人员或大厅管理员可以开启绿色通道")
    before = kiosk.audit_dict()
    kiosk.green_until = now + timedelta(minutes=settings.get("green_channel_minutes"))
    kiosk.green_opened_by = user.username
    db.session.flush()
    record(Actor.of(user, address), "kiosk.green_open", kiosk, before=before,
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
    from .. import ratelimit
    key = f"tickets:kiosk:{kiosk.id}" if kiosk is not None else f"tickets:addr:{address}"
    limit = TICKET_LIMIT * 10 if kiosk is not None else TICKET_LIMIT
    return ratelimit.hit(key, limit, TICKET_WINDOW, now)
