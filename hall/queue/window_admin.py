"""Administration of windows."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from hall.auth.models import User
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.items.models import Department
from hall.queue.models import Category
from hall.web.access import permission_required
from hall.web.helpers import actor, choices, save_form
from hall.windows import services
from hall.windows.forms import WindowForm
from hall.windows.models import Window

bp = Blueprint("windows_admin", __name__, url_prefix="/admin/windows")
manage = permission_required(Permission.MANAGE_CATALOGUE)


@bp.get("/")
@manage
def index():
    windows = db.session.scalars(select(Window).order_by(Window.no)).all()
    return render_template("windows/windows.html", windows=windows)


def _form(window: Window | None) -> WindowForm:
    form = WindowForm(obj=window)
    staff = db.session.scalars(select(User).where(User.role == "staff", User.is_enabled)
                               .order_by(User.username))
    people = [(0, "（无）")] + [(u.id, f"{u.display_name}（{u.username}）") for u in staff]
    form.staff_a_id.choices = form.staff_b_id.choices = choices(people)
    departments = db.session.scalars(select(Department).order_by(Department.sort_order))
    form.departments.choices = choices((d.id, d.name) for d in departments)
    categories = db.session.scalars(select(Category).order_by(Category.sort_order, Category.code))
    form.categories.choices = choices((c.id, f"{c.prefix} {c.name}") for c in categories)
    if window is not None and not form.is_submitted():
        form.departments.data = [d.id for d in window.departments]
        form.categories.data = [c.id for c in window.categories]
        form.staff_a_id.data = window.staff_a_id or 0
        form.staff_b_id.data = window.staff_b_id or 0
    return form


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:window_id>", methods=["GET", "POST"])
@manage
def edit(window_id: int | None = None):
    window = (db.session.get(Window, window_id) or abort(404)) if window_id else None
    form = _form(window)

    def save(data):
        return services.save_window(actor(), data, data.pop("departments"),
                                    data.pop("categories"), window)
    return save_form(form, save, "windows/window_form.html", window=window,
                     done=lambda saved: (f"{saved.no}号窗口已保存", url_for(".index")))


@bp.post("/<int:window_id>/delete")
@manage
def delete(window_id: int):
    window = db.session.get(Window, window_id) or abort(404)
    services.delete_window(actor(), window)
    flash("窗口已删除", "success")
    return redirect(url_for(".index"))
