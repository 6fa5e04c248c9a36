"""Wall-screen links (大屏链接): the dashboard on a screen nobody logs in to.

A link carries a token signed with the application's secret (salt "dashboard-screen")
holding the screen's name and the links' generation (the `dashboard_screen_generation`
setting). Opening it stores the token in an HttpOnly cookie that GET /dashboard/screen and
GET /api/v1/dashboard accept, and nothing else. Bumping the generation revokes every link
at once; so does changing SECRET_KEY. The token itself is never stored or audited.
"""
import json
from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.settings import services as settings
from hall.settings.models import Setting
from hall.web.api import api_user
from hall.web.responses import error

SALT = "dashboard-screen"
COOKIE = "hall_screen"
GENERATION = "dashboard_screen_generation"
NAME_MAX = 40
TOKEN_MAX = 512
COOKIE_DAYS = 400   # browsers keep a cookie at most 400 days; every page load renews it
REFUSED = "大屏链接无效或已被撤销，请联系大厅管理员重新生成"
CREATED, REVOKED = "dashboard.screen_link", "dashboard.screen_revoke"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def generation() -> int:
    return int(settings.get(GENERATION))


def clean_name(text) -> str:
    """The screen's name, trimmed, or a DomainError in Chinese."""
    name = " ".join(str(text or "").split())
    if not name:
        raise DomainError("请填写大屏名称，例如“值班室大屏”", fields={"name": "请填写大屏名称"})
    if len(name) > NAME_MAX:
        message = f"大屏名称不能超过 {NAME_MAX} 个字"
        raise DomainError(message, fields={"name": message})
    return name


def create_link(actor: Actor, name: str) -> str:
    """A new token for the screen called `name` (audited without the token)."""
    name = clean_name(name)
    current = generation()
    token = _serializer().dumps({"name": name, "gen": current})
    record(actor, CREATED, label=f"大屏链接：{name}", after={"name": name, "generation": current})
    return token


def revoke_all(actor: Actor) -> int:
    """Invalidate every link made so far; returns the new generation."""
    before = generation()
    row = db.session.get(Setting, GENERATION) or Setting(key=GENERATION)
    row.value = json.dumps(before + 1)
    db.session.add(row)
    db.session.flush()
    settings.forget_cached()
    record(actor, REVOKED, label="全部大屏链接", before={"generation": before},
           after={"generation": before + 1})
    return before + 1


def read_token(token) -> dict | None:
    """The screen a token names, if it is ours, untampered and of the current generation."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    if type(data.get("gen")) is not int or data["gen"] != generation():
        return None
    return {"name": data["name"], "generation": data["gen"]}


def from_cookie() -> dict | None:
    """The screen this browser was registered as, if its link is still valid."""
    return read_token(request.cookies.get(COOKIE))


def set_cookie(response, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=COOKIE_DAYS * 24 * 3600, path="/",
                        httponly=True, samesite="Strict",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def forget_cookie(response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict",
                           secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


def screen_or(guarded):
    """An API read for a valid screen cookie, else for whoever `guarded` lets through.

    A browser holding a revoked or tampered cookie and nothing else is told so (403).
    """
    def decorator(view):
        checked = guarded(view)

        @wraps(view)
        def wrapped(*args, **kwargs):
            screen = from_cookie()
            if screen is not None:
                g.screen = screen
                return view(*args, **kwargs)
            if COOKIE in request.cookies and not _has_credentials():
                return error(403, "screen_link_invalid", REFUSED)
            return checked(*args, **kwargs)
        wrapped.permission = checked.permission
        return wrapped
    return decorator


def _has_credentials() -> bool:
    return api_user() is not None


def active_links(limit: int = 20) -> list[dict]:
    """The links made in the current generation, newest first (from the audit log)."""
    current = generation()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == CREATED)
                                 .order_by(AuditEntry.id.desc()).limit(limit * 5))
    found = []
    for entry in entries:
        after = json.loads(entry.after or "{}")
        if after.get("generation") == current:
            found.append({"name": after.get("name", ""), "created_at": entry.created_at,
                          "by": entry.username})
    return found[:limit]
