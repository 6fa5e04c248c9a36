"""Login, logout and the password change pages."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from hall.auth import services
from hall.auth.forms import ChangePasswordForm, LoginForm
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.web.access import public
from hall.web.helpers import actor, client_address

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path of this site; anything else (another host, `//host`, a backslash that
    browsers read as a slash, control characters that would split the Location header)
    goes to the home page."""
    home = url_for("home.home")
    if not target or len(target) > 2000 or not target.startswith("/"):
        return home
    if target.startswith("//") or any(ch == "\\" or not ch.isprintable() for ch in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return home
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data,
                                         clock.now(), client_address())
        except (services.AuthError, services.LoginThrottled) as exc:
            keep_counted()   # failures and locks must stick
            form.password.errors.append(exc.message)
            return render_template("auth/login.html", form=form), exc.status
        session.clear()
        login_user(user)
        session["last_seen"] = clock.now().timestamp()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@public
def logout():
    """Ends every session and token of the account, a copied cookie's too."""
    if current_user.is_authenticated:
        services.logout(actor())
    logout_user()
    session.clear()
    flash("已安全退出", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        me = actor()
        try:
            services.change_password(me, form.old_password.data, form.new_password.data,
                                     clock.now())
        except DomainError as exc:
            db.session.rollback()
            field = getattr(form, next(iter(exc.fields), "new_password"))
            field.errors.append(exc.message)
            return render_template("auth/change_password.html", form=form), 400
        login_user(me.user)   # this session goes on under the new version; every other ends
        flash("密码已修改", "success")
        return redirect(url_for("home.home"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200
