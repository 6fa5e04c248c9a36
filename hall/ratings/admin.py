"""The administrator's 评价器 page: register a window's tablet, give it a new one-time link,
revoke it. Every change is audited."""
from flask import Blueprint, abort, flash, render_template, request
from sqlalchemy import select

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.ratings import devices
from hall.ratings.models import EvaluatorDevice
from hall.settings.links import device_link
from hall.web.access import permission_required
from hall.web.helpers import actor
from hall.windows.models import Window

bp = Blueprint("evaluators_admin", __name__, url_prefix="/admin/evaluators")
manage = permission_required(Permission.MANAGE_CATALOGUE)


@bp.route("/", methods=["GET", "POST"])
@manage
def index():
    """List the tablets and register a new one; its link is shown once."""
    link = None
    if request.method == "POST":
        window = _window(request.form.get("window", type=int))
        try:
            token, device = devices.register_device(actor(), request.form.get("name", ""),
                                                    window, clock.now())
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            link = device_link("ratings.evaluator_register", token)
            flash(f"已为{window.no}号窗口登记“{device.name}”。请在该评价器的浏览器中打开下面的链接"
                  f"（只显示这一次，只能使用一次，{devices.LINK_MINUTES} 分钟内有效）", "success")
    return _page(link)


@bp.post("/<int:device_id>/link")
@manage
def relink(device_id: int):
    """A new one-time link; the tablet that opens it replaces the one registered before."""
    device = db.session.get(EvaluatorDevice, device_id) or abort(404)
    token = devices.relink_device(actor(), device, clock.now())
    flash(f"已为“{device.name}”生成新的登记链接（只能使用一次，{devices.LINK_MINUTES} 分钟内有效）；"
          "打开后，原先登记的设备即失效", "success")
    return _page(device_link("ratings.evaluator_register", token))


@bp.post("/<int:device_id>/delete")
@manage
def revoke(device_id: int):
    device = db.session.get(EvaluatorDevice, device_id) or abort(404)
    devices.revoke_device(actor(), device)
    flash("评价器已注销，该设备不能再提交评价", "success")
    return _page(None)


def _window(window_id: int | None) -> Window | None:
    """The chosen window; an id no column can hold is no window, not a database error."""
    if window_id is None or not 0 < window_id < 2**31:
        return None
    return db.session.get(Window, window_id)


def _page(link: str | None):
    windows = db.session.scalars(select(Window).order_by(Window.no)).all()
    return render_template("ratings/evaluators.html", devices=devices.devices(),
                           windows=windows, link=link, now=clock.now(),
                           link_minutes=devices.LINK_MINUTES)
