"""The wiring create_app calls: the one module that knows every domain.

It registers each domain's blueprints and api module, the login loader, the device
credentials, template globals and error pages. Nothing imports it but the factory.
"""
from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from hall.appointments import admin as appointments_admin
from hall.appointments import api as appointments_api
from hall.appointments import services as appointments
from hall.appointments import views as booking_views
from hall.appointments.due import due_by_category
from hall.audit import views as audit_views
from hall.auth import admin as users_admin
from hall.auth import api as auth_api
from hall.auth import views as auth_views
from hall.auth.access import enforce_session_rules
from hall.auth.models import AnonymousUser
from hall.auth.people import person
from hall.auth.services import check_login_settings, user_for_session, user_for_token
from hall.calendar import api as calendar_api
from hall.calendar import views as calendar_views
from hall.cases import api as cases_api
from hall.cases import public as case_public
from hall.cases import views as case_views
from hall.complaints import admin as complaints_admin
from hall.complaints import api as complaints_api
from hall.complaints import views as complaint_views
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import csrf, db
from hall.core.masking import mask_phone
from hall.core.retry import failure_response
from hall.core.roles import Permission
from hall.dashboard import api as dashboard_api
from hall.dashboard import report_views, screens
from hall.dashboard import views as dashboard_views
from hall.events import api as events_api
from hall.guide import api as guide_api
from hall.guide import views as guide_views
from hall.items import admin as items_admin
from hall.notify import views as notify_views
from hall.notify.worker import install_producers
from hall.queue import admin as categories_admin
from hall.queue import api as queue_api
from hall.queue import console, console_api, display, estimates, hours_api, kiosks, phone
from hall.queue import views as kiosk_views
from hall.queue import window_admin as windows_admin
from hall.ratings import admin as evaluators_admin
from hall.ratings import api as ratings_api
from hall.ratings import devices
from hall.ratings import views as rating_views
from hall.roster import views as roster_views
from hall.rules import hours_views
from hall.rules import views as rules_views
from hall.settings import services as settings
from hall.settings import views as settings_views
from hall.web import api, home, input_guard
from hall.web.api import docs as api_docs
from hall.web.api import openapi as api_openapi
from hall.web.http import register_device_credentials, security_headers
from hall.web.idempotency import token_field
from hall.web.responses import HTTP_MESSAGES, error

# Each domain's part of /api/v1 adds its routes to the blueprint when imported; the
# 大厅规则 page adds its route to the settings blueprint. Named here so the wiring says so.
API_MODULES = (appointments_api, auth_api, calendar_api, cases_api, complaints_api,
               dashboard_api, events_api,
               guide_api, queue_api, console_api, hours_api, ratings_api, api_docs, api_openapi)
ROUTES_ON_OTHER_BLUEPRINTS = (rules_views,)

PAGES = (home, auth_views, users_admin, items_admin, guide_views, categories_admin,
         kiosk_views, phone, display, windows_admin, console, settings_views, audit_views,
         calendar_views, hours_views, case_views, case_public, rating_views, evaluators_admin,
         complaint_views, complaints_admin, roster_views, dashboard_views, report_views,
         notify_views, booking_views, appointments_admin)

# The notification worker's periodic producers, (name, function(now)) pairs it calls about
# every 30 s, each in its own transaction (hall/notify/worker.py).
NOTIFY_PRODUCERS: tuple = (*appointments.PRODUCERS,)


def init_login(app, login_manager) -> None:
    check_login_settings(app.config)
    login_manager.init_app(app)
    login_manager.anonymous_user = AnonymousUser
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"
    login_manager.session_protection = "strong"
    login_manager.user_loader(user_for_session)
    app.extensions[api.BEARER_USER] = user_for_token


def register_blueprints(app) -> None:
    input_guard.install(app)     # bounded <int:...> must exist before the routes are added
    for module in PAGES:
        app.register_blueprint(module.bp)
    app.register_blueprint(categories_admin.kiosks_bp)
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    register_device_credentials(app, headers=(kiosks.HEADER,),
                                cookies=(kiosks.COOKIE, screens.COOKIE, devices.COOKIE))


def register_handlers(app) -> None:
    app.before_request(enforce_session_rules)

    @app.context_processor
    def hall_globals():
        return {"hall": settings.get_all(), "now_local": clock.local(),
                "permissions": Permission.__members__}

    app.add_template_global(token_field, "submission_token_field")

    @app.template_filter("localtime")
    def localtime(moment, fmt: str = "%Y-%m-%d %H:%M"):
        return clock.local(moment).strftime(fmt) if moment else ""

    app.add_template_filter(person, "person")   # {{ e.actor|person }}: 姓名（工号 …）
    app.add_template_filter(mask_phone, "mask_phone")   # 138****1234 on public pages

    @app.errorhandler(CSRFError)
    def csrf_failed(exc):
        return _error_page(400, "页面已过期或来源不明，请刷新页面后重新提交")

    for status, message in ((403, "您没有权限访问此页面"), (404, "页面不存在"),
                            (405, "不支持该请求方法"), (413, "提交的内容过大")):
        app.register_error_handler(status, lambda exc, s=status, m=message: _error_page(s, m))
    app.register_error_handler(HTTPException, _any_http_error)
    app.register_error_handler(DomainError, _domain_error_page)

    app.after_request(security_headers)
    install_producers(app, NOTIFY_PRODUCERS)
    # The queue's wait estimates count the appointments due (a layer above the queue).
    app.extensions[estimates.DUE_APPOINTMENTS] = due_by_category


def _error_page(status: int, message: str):
    db.session.rollback()
    if request.path.startswith("/api/"):
        return error(status)
    return render_template("error.html", status=status, message=message), status


def _any_http_error(exc: HTTPException):
    """Every other HTTP error in Chinese too, never Werkzeug's English page."""
    status = exc.code or 500
    if status >= 500:
        return failure_response(exc)
    return _error_page(status, HTTP_MESSAGES.get(status, ("", "请求未能完成"))[1])


def _domain_error_page(exc: DomainError):
    """A rule a page did not catch itself (a bad query parameter, say): its status, in Chinese."""
    return _error_page(exc.status, exc.message)
