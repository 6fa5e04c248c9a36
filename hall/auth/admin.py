"""Administration of staff accounts."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from hall.auth import services
from hall.auth.forms import ResetPasswordForm, UserForm
from hall.auth.models import User
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.web.access import permission_required
from hall.web.helpers import actor, choices, flash_outcome, save_form
from hall.windows.models import Window, windows_of
from hall.windows.services import set_user_windows

bp = Blueprint("users", __name__, url_prefix="/admin/users")
manage = permission_required(Permission.MANAGE_USERS)


@bp.get("/")
@manage
def index():
    users = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("auth/users.html", users=users, now=clock.now(),
                           windows={u.id: windows_of(u) for u in users})


def _form(user: User | None) -> UserForm:
    form = UserForm(obj=user)
    windows = db.session.scalars(select(Window).order_by(Window.no))
    form.windows.choices = choices((w.id, f"{w.no}号 {w.name}") for w in windows)
    if user is not None and not form.is_submitted():
        form.windows.data = [w.id for w in windows_of(user)]
    return form


def _save(data: dict, user: User | None) -> User:
    if user is None:
        if not data["password"]:
            raise DomainError("请设置初始密码", fields={"password": "请设置初始密码"})
        user = services.create_user(actor(), clock.now(), username=data["username"],
                                    role=data["role"], password=data["password"],
                                    name=data["name"], staff_no=data["staff_no"] or "")
    services.update_user(actor(), user, data)
    # Only staff sit at windows: anyone else leaves every seat, even with no box ticked.
    set_user_windows(actor(), user, data["windows"] if user.role == "staff" else [])
    return user


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:user_id>", methods=["GET", "POST"])
@manage
def edit(user_id: int | None = None):
    user = (db.session.get(User, user_id) or abort(404)) if user_id else None
    form = _form(user)
    if user is not None:
        form.username.data = user.username   # the username never changes
    return save_form(form, lambda data: _save(data, user), "auth/user_form.html", user=user,
                     reset_form=ResetPasswordForm(formdata=None),
                     done=lambda saved: (f"账户“{saved.username}”已保存", url_for(".index")))


@bp.post("/<int:user_id>/password")
@manage
def reset_password(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        flash_outcome(lambda: services.reset_password(actor(), user, form.password.data,
                                                      clock.now()),
                      f"已重置“{user.username}”的密码，用户下次登录须修改")
    else:
        flash("请填写新密码", "error")
    return redirect(url_for(".edit", user_id=user.id))


@bp.post("/<int:user_id>/unlock")
@manage
def unlock(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    services.unlock_user(actor(), user)
    flash(f"已解锁“{user.username}”", "success")
    return redirect(url_for(".edit", user_id=user.id))
