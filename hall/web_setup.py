"""Wiring that create_app calls: login, blueprints, error pages, template globals."""
from flask import render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import clock
from .extensions import db


def init_login(app, login_manager) -> None:
    from .auth.models import AnonymousUser, User
    login_manager.init_app(app)
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.is_enabled else None


def register_blueprints(app) -> None:
    from . import api, home, input_guard
    input_guard.install(app)     # bounded <int:...> must exist before the routes are added
    from .audit import views as audit_views
    from .calendar import views as calendar_views
    from .auth import admin as users_admin, views as auth_views
    from .items import admin as items_admin, views as guide_views
    from .queue import admin as categories_admin, display, phone, views as kiosk_views
    from .settings import views as settings_views
    from .windows import admin as windows_admin, views as console
    for module in (home, auth_views, users_admin, items_admin, guide_views, categories_admin,
                   kiosk_views, phone, display, windows_admin, console, settings_views,
                   audit_views, calendar_views):
        app.register_blueprint(module.bp)
    app.register_blueprint(categories_admin.kiosks_bp)
    from .cases import public as case_public, views as case_views
    app.register_blueprint(case_views.bp)
    app.register_blueprint(case_public.bp)
    from .ratings import views as rating_views
    app.register_blueprint(rating_views.bp)
    from .complaints import admin as complaints_admin, views as complaint_views
    from .roster import views as roster_views
    for module in (complaint_views, complaints_admin, roster_views):
        app.register_blueprint(module.bp)
    from .dashboard import views as dashboard_views
    app.register_blueprint(dashboard_views.bp)
    from .dashboard import report_views
    app.register_blueprint(report_views.bp)
    api.register(app)


def register_handlers(app) -> None:
    from .auth.access import enforce_session_rules
    from .auth.roles import Permission
    from .settings import services as settings
    app.before_request(enforce_session_rules)

    @app.context_processor
    def hall_globals():
        return {"hall": settings.get_all(), "now_local": clock.local(),
                "permissions": Permission.__members__}

    @app.template_filter("localtime")
    def localtime(moment, fmt: str = "%Y-%m-%d %H:%M"):
        return clock.local(moment).strftime(fmt) if moment else ""

    @app.errorhandler(CSRFError)
    def csrf_failed(exc):
        return _error_page(400, "页面已过期或来源不明，请刷新页面后重新提交")

    for status, message in ((403, "您没有权限访问此页面"), (404, "页面不存在"),
                            (405, "不支持该请求方法"), (413, "提交的内容过大")):
        app.register_error_handler(status, lambda exc, s=status, m=message: _error_page(s, m))

    app.after_request(security_headers)


def _error_page(status: int, message: str):
    db.session.rollback()
    if request.path.startswith("/api/"):
        from .api import error
        return error(status)
    return render_template("error.html", status=status, message=message), status


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
    """Headers every answer carries; staff pages are never cached."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        if current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
    return response
