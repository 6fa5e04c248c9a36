"""The /api/v1 blueprint: its error handlers and bearer tokens. Each domain's api module adds
its routes; the wiring imports them (this package imports none of them)."""
from functools import wraps

from flask import Blueprint, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import csrf, db
from hall.web.helpers import client_address
from hall.web.responses import error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
BEARER_USER = "hall.bearer_user"   # key in app.extensions: (token, now) -> user or None


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    db.session.rollback()
    return error(exc.status, exc.code, exc.message, exc.fields)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    db.session.rollback()
    return error(exc.code or 500)


def api_user():
    """The user behind a bearer token, or behind the browser's session.

    The auth domain says how a token becomes a user (`BEARER_USER` in the app's extensions,
    set by the wiring), so this layer needs no knowledge of accounts.
    """
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return current_app.extensions[BEARER_USER](header[7:].strip(), clock.now())
    if current_user.is_authenticated and not current_user.must_change_password:
        return current_user._get_current_object()
    return None


def api_actor() -> Actor:
    """The API's caller (bearer token or session), else an anonymous device; with the address."""
    user, address = api_user(), client_address()
    return Actor.of(user, address) if user is not None else Actor(address=address)


def check_session_csrf() -> None:
    """A browser session acting through the API must send its CSRF token (bearer need not)."""
    uses_bearer = request.headers.get("Authorization", "").lower().startswith("bearer ")
    if (not uses_bearer and request.method not in ("GET", "HEAD", "OPTIONS")
            and current_app.config.get("WTF_CSRF_ENABLED", True)):
        csrf.protect()


def token_required(permission=None):
    """An endpoint for authenticated staff; `permission` narrows it further."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = api_user()
            if user is None:
                return error(401)
            if permission is not None and not user.can(permission):
                return error(403)
            check_session_csrf()
            g.api_user = user
            return view(*args, **kwargs)
        wrapped.permission = permission or "authenticated"
        return wrapped
    return decorator
