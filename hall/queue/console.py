"""The window console for staff, and the small screen above each window."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.queue import tickets
from hall.queue.console_api import queue_panel
from hall.web.access import public
from hall.web.home import bp as home
from hall.windows.models import Window, window_by_no, windows_of

bp = Blueprint("console", __name__, url_prefix="/windows")


def _window(no: int) -> Window:
    return window_by_no(no) or abort(404)


@bp.get("/<int:no>")
@login_required
def console(no: int):
    window = _window(no)
    if not window.can_operate(current_user):
        abort(403)
    others = db.session.scalars(select(Window).where(Window.id != window.id)
                                .order_by(Window.no)).all()
    from hall.queue.models import Category
    categories = db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                    .order_by(Category.sort_order)).all()
    queues, sent_here = queue_panel(window, tickets.waiting_by_line(window, clock.now()))
    return render_template("windows/console.html", window=window, others=others,
                           categories=categories, queues=queues, sent_here=sent_here)


@bp.get("/<int:no>/screen")
@public
def screen(no: int):
    return render_template("windows/screen.html", window=_window(no))


@home.get("/staff")
@login_required
def workbench():
    if current_user.can(Permission.MANAGE_HALL):
        windows = db.session.scalars(select(Window).order_by(Window.no)).all()
    else:
        windows = windows_of(current_user)
    return render_template("workbench.html", windows=windows)
