"""The front door: the public goes to the kiosk, staff to their workbench (whose page the
windows domain adds to this blueprint: it lists the windows)."""
from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user

from hall.web.access import public

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
