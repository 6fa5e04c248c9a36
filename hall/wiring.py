"""Wiring that create_app calls: login, blueprints, error pages, template globals."""
from flask import render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db


def init_login(app, login_manager) -> None:
    from hall.auth.models import AnonymousUser
    from hall.auth.services import check_login_settings
    check_login_settings(app.config)
    login_manager.init_app(app)
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        from hall.auth.services import user_for_session
        return user_for_session(session_id)


def register_blueprints(app) -> None:
    from hall.web import api, home, input_guard
    input_guard.install(app)     # bounded <int:...> must exist before the routes are added
    from hall.audit import views as audit_views
    from hall.calendar import views as calendar_views
    from hall.auth import admin as users_admin, views as auth_views
    from hall.items import admin as items_admin, views as guide_views
    from hall.queue import admin as categories_admin, display, phone, views as kiosk_views
    from hall.settings import views as settings_views
    from hall.windows import admin as windows_admin, views as console
    for module in (home, auth_views, users_admin, items_admin, guide_views, categories_admin,
                   kiosk_views, phone, display, windows_admin, console, settings_views,
                   audit_views, calendar_views):
        app.register_blueprint(module.bp)
    app.register_blueprint(categories_admin.kiosks_bp)
    from hall.settings import hours_views
    app.register_blueprint(hours_views.bp)
    from hall.cases import public as case_public, views as case_views
    app.register_blueprint(case_views.bp)
    app.register_blueprint(case_public.bp)
    from hall.ratings import admin as evaluators_admin, views as rating_views
    app.register_blueprint(rating_views.bp)
    app.register_blueprint(evaluators_admin.bp)
    from hall.complaints import admin as complaints_admin, views as complaint_views
    from hall.roster import views as roster_views
    for module in (complaint_views, complaints_admin, roster_views):
        app.register_blueprint(module.bp)
    from hall.dashboard import views as dashboard_views
    app.register_blueprint(dashboard_views.bp)
    from hall.dashboard import report_views
    app.register_blueprint(report_views.bp)
    api.register(app)


def register_handlers(app) -> None:
    from hall.auth.access import enforce_session_rules
    from hall.auth.roles import Permission
    from hall.settings import services as settings
    app.before_request(enforce_session_rules)

    @app.context_processor
    def hall_globals():
        return {"hall": settings.get_all(), "now_local": clock.local(),
                "permissions": Permission.__members__}

    from hall.web.idempotency import token_field
    app.add_template_global(token_field, "submission_token_field")

    @app.template_filter("localtime")
    def localtime(moment, fmt: str = "%Y-%m-%d %H:%M"):
        return clock.local(moment).strftime(fmt) if moment else ""

    from hall.auth.people import person
    app.add_template_filter(person, "person")   # {{ e.actor|person }}: 姓名（工号 …）

    @app.errorhandler(CSRFError)
    def csrf_failed(exc):
        return _error_page(400, "页面已过期或来源不明，请刷新页面后重新提交")

    for status, message in ((403, "您没有权限访问此页面"), (404, "页面不存在"),
                            (405, "不支持该请求方法"), (413, "提交的内容过大")):
        app.register_error_handler(status, lambda exc, s=status, m=message: _error_page(s, m))
    app.register_error_handler(HTTPException, _any_http_error)
    app.register_error_handler(DomainError, _domain_error_page)

    app.after_request(security_headers)


def _error_page(status: int, message: str):
    db.session.rollback()
    if request.path.startswith("/api/"):
        from hall.web.api import error
        return error(status)
    return render_template("error.html", status=status, message=message), status


def _any_http_error(exc: HTTPException):
    """Every other HTTP error in Chinese too, never Werkzeug's English page."""
    from hall.web.api import HTTP_MESSAGES
    status = exc.code or 500
    if status >= 500:
        from hall.core.retry import failure_response
        return failure_response(exc)
    return _error_page(status, HTTP_MESSAGES.get(status, ("", "请求未能完成"))[1])


def _domain_error_page(exc: DomainError):
    """A rule a page did not catch itself (a bad query parameter, say): its status, in Chinese."""
    return _error_page(exc.status, exc.message)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers and one writer work at once; foreign keys are off by default."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # busy_timeout is set by the driver's `timeout` (config.engine_options).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, the signer built once per key instead of per request."""

    _built: tuple = (None, None)

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built_for, serializer = self._built
        if built_for != keys:
            serializer = super().get_signing_serializer(app)
            self._built = (keys, serializer)
        return serializer


def trust_proxies(app) -> None:
    """Behind nginx, take the client's address from X-Forwarded-For (HALL_PROXIES=1).

    Rate limits and the audit log key on the client address, so without this every
    citizen would share the proxy's.
    """
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


# Scripts only from our own files; inline style attributes are allowed (no user data in them).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                           "form-action 'self'; base-uri 'self'; object-src 'none'")


def security_headers(response):
    """Headers every answer carries; nothing answered to a credential is ever cached."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and _carries_credentials():
        _no_store(headers)
    return response


def _carries_credentials() -> bool:
    """A session user, a bearer token, a wall-screen cookie or a registered device.

    Whatever the answer's type - a page, a case's JSON with its full 身份证号, a CSV export -
    a shared computer's browser cache or a proxy must not keep it. Presence is enough: a
    credential that turns out invalid costs only a cache miss.
    """
    from hall.dashboard import screens
    from hall.queue import kiosks
    from hall.ratings import devices
    cookies = request.cookies
    return bool(session.get("_user_id") or request.headers.get("Authorization")
                or request.headers.get(kiosks.HEADER)
                or any(cookies.get(name) for name in (kiosks.COOKIE, screens.COOKIE,
                                                      devices.COOKIE)))


def _no_store(headers) -> None:
    """no-store, keeping what the answer set for itself (the event stream's no-cache)."""
    directives = [d.strip() for d in headers.get("Cache-Control", "").split(",") if d.strip()]
    kept = [d for d in directives if d.lower() in ("no-cache", "no-transform", "private")]
    headers["Cache-Control"] = ", ".join([*kept, "no-store"]) if kept else "no-store"
