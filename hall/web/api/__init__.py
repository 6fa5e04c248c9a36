"""The /api/v1 blueprint: JSON errors, bearer tokens, and the pieces each domain adds."""
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

HTTP_MESSAGES = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "需要登录或有效的令牌"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "未找到"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_media_type", "请使用 JSON 格式提交"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}


def error(status: int, code: str | None = None, message: str | None = None, fields=None):
    """The contract's error body with its status."""
    default_code, default_message = HTTP_MESSAGES.get(status, ("error", "服务器错误"))
    body = {"code": code or default_code, "message": message or default_message,
            "fields": fields or {}}
    return jsonify(error=body), status


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    db.session.rollback()
    return error(exc.status, exc.code, exc.message, exc.fields)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    db.session.rollback()
    return error(exc.code or 500)


def json_body() -> dict:
    """The request's JSON object, or a 400 DomainError."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise DomainError("请求体须为 JSON 对象", code="invalid_json")
    return data


def api_user():
    """The user behind a bearer token, or behind the browser's session."""
    from hall.auth.services import user_for_token
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip(), clock.now())
    if current_user.is_authenticated and not current_user.must_change_password:
        return current_user._get_current_object()
    return None


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


def register(app) -> None:
    """Attach the API: import each domain's routes, then the blueprint itself."""
    from hall.auth import api as _auth_api  # noqa: F401
    from hall.cases import api as _cases_api  # noqa: F401
    from hall.complaints import api as _complaints_api  # noqa: F401
    from hall.calendar import api as _calendar_api  # noqa: F401
    from hall.dashboard import api as _dashboard_api  # noqa: F401
    from hall.events import api as _events_api  # noqa: F401
    from hall.items import api as _items_api  # noqa: F401
    from hall.queue import api as _queue_api  # noqa: F401
    from hall.queue import hours_api as _hours_api  # noqa: F401
    from hall.ratings import api as _ratings_api  # noqa: F401
    from hall.windows import api as _windows_api  # noqa: F401
    from hall.web.api import docs, openapi  # noqa: F401
    csrf.exempt(bp)
    app.register_blueprint(bp)
