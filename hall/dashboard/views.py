"""The manager's live dashboard page (大厅监控): rendered here first, then kept live by
dashboard.js from the event stream and GET /api/v1/dashboard. The same page, read-only,
runs on wall screens that hold a 大屏链接 instead of a login (screens.py)."""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.roles import Permission
from hall.dashboard import screens
from hall.dashboard.screen_forms import RevokeForm, ScreenLinkForm
from hall.dashboard.snapshot import build
from hall.web.access import permission_required, public
from hall.web.helpers import actor, show_error
from hall.web.qr import qr_svg

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@permission_required(Permission.MANAGE_HALL)
def live():
    return render_template("dashboard/live.html", snap=build(clock.now()))


@bp.get("/dashboard/screen")
@public
def screen():
    """Public by route, guarded by its own token: ?key= once, then the cookie."""
    key = request.args.get("key")
    if key is not None:
        return _register_screen(key)
    found = screens.from_cookie()
    if found is None:
        return _refused()
    response = make_response(render_template("dashboard/screen.html", snap=build(clock.now()),
                                             screen=found))
    screens.set_cookie(response, request.cookies[screens.COOKIE])   # renew its 400 days
    return _no_store(response)


def _register_screen(key: str):
    if screens.read_token(key) is None:
        return _refused()
    response = redirect(url_for(".screen"), 303)   # the key leaves the address bar
    screens.set_cookie(response, key)
    return _no_store(response)


def _refused():
    response = make_response(render_template("dashboard/screen_refused.html",
                                             message=screens.REFUSED), 403)
    if screens.COOKIE in request.cookies:
        screens.forget_cookie(response)
    return _no_store(response)


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dashboard/screen-links")
@permission_required(Permission.MANAGE_HALL)
def screen_links():
    return _links_page(ScreenLinkForm())


@bp.post("/dashboard/screen-links")
@permission_required(Permission.MANAGE_HALL)
def create_screen_link():
    form = ScreenLinkForm()
    if not form.validate_on_submit():
        return _links_page(form), 400
    try:
        token = screens.create_link(actor(), form.name.data)
    except DomainError as exc:
        show_error(form, exc, "name")
        return _links_page(form), 400
    link = url_for(".screen", key=token, _external=True)
    return _links_page(ScreenLinkForm(formdata=None), made={
        "name": screens.clean_name(form.name.data), "link": link, "qr": qr_svg(link)})


@bp.post("/dashboard/screen-links/revoke")
@permission_required(Permission.MANAGE_HALL)
def revoke_screen_links():
    if RevokeForm().validate_on_submit():
        screens.revoke_all(actor())
        flash("已撤销全部大屏链接，各大屏将停止更新；请为仍需使用的大屏重新生成链接", "success")
    return redirect(url_for(".screen_links"))


def _links_page(form: ScreenLinkForm, made: dict | None = None):
    response = make_response(render_template(
        "dashboard/screen_links.html", form=form, made=made, revoke=RevokeForm(),
        links=screens.active_links()))
    return _no_store(response)
