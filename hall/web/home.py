"""The front door: the public goes to the kiosk, staff to their workbench."""
from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from hall.auth.access import public
from sqlalchemy import select

from hall.auth.roles import Permission
from hall.core.extensions import db
from hall.windows.models import Window, windows_of

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def home():
    if current_user.is_authenticated:
        return redirect(url_for("home.workbench"))
    return redirect(url_for("kiosk.home"))


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico by themselves, on pages without a <head> too."""
    return current_app.send_static_file("favicon.ico")


@bp.get("/staff")
@login_required
def workbench():
    if current_user.can(Permission.MANAGE_HALL):
        windows = db.session.scalars(select(Window).order_by(Window.no)).all()
    else:
        windows = windows_of(current_user)
    return render_template("workbench.html", windows=windows)
