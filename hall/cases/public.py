"""Public pages: progress on the kiosk and the phone, and the lobby's 办件公示."""
from datetime import timedelta

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from hall.cases.api import progress_lookup
from hall.cases.models import OPEN_STATUSES, Case
from hall.cases.queries import public_view
from hall.core import clock
from hall.core.extensions import db
from hall.items.models import Item
from hall.web import ratelimit
from hall.web.access import public
from hall.web.helpers import client_address
from hall.web.input_guard import page_number

bp = Blueprint("progress", __name__)
PAGE_SIZE = 12
NOT_FOUND = "未查询到办件，请核对办件编号和查询码"
RECENTLY_CLOSED = timedelta(days=30)


@bp.route("/progress", methods=["GET", "POST"])
@public
def kiosk():
    """Case number and query code typed on the kiosk's keypad."""
    if request.method == "GET":
        return render_template("cases/progress.html")
    case_no = "".join(ch for ch in request.form.get("case_no", "") if ch.isdigit())[:24]
    code = "".join(ch for ch in request.form.get("code", "") if ch.isdigit())[:8]
    case, verdict = progress_lookup(case_no, code, client_address())
    if not verdict.allowed:
        minutes = ratelimit.minutes(verdict.retry_after)
        message = f"查询次数过多，请 {minutes} 分钟后再试，或到咨询导办窗口查询"
        return render_template("cases/progress.html", message=message, case_no=case_no), 429
    if case is None:
        return render_template("cases/progress.html", message=NOT_FOUND, case_no=case_no), 404
    return render_template("cases/progress_result.html", view=public_view(case), case=case)


@bp.get("/p/<token>")
@public
def phone(token: str):
    case = db.session.scalar(select(Case).where(Case.token == token[:64])) or abort(404)
    return render_template("cases/phone.html", view=public_view(case), case=case)


@bp.get("/public/cases")
@public
def board():
    """办件公示: in progress and recently closed, masked, paginated for the lobby screen."""
    page = page_number(request.args)
    query = select(Case).where(or_(Case.status.in_(OPEN_STATUSES),
                                   Case.closed_at >= clock.now() - RECENTLY_CLOSED))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    cases = db.session.scalars(query.options(selectinload(Case.item).joinedload(Item.department),
                                             selectinload(Case.events))
                               .order_by(Case.id.desc())
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template("cases/board.html", views=[public_view(c) for c in cases], page=page,
                           pages=pages, total=total,
                           auto=request.args.get("auto") == "1")
