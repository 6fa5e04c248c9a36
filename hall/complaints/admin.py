"""The hall manager's complaint pages: the filtered list, one complaint, and its actions."""
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for

from hall.complaints import queries, services
from hall.complaints.forms import ActionForm, AnswerForm, PublishForm
from hall.complaints.models import KINDS, STATUSES, Complaint
from hall.core import clock
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.web.access import permission_required
from hall.web.helpers import actor, flash_outcome
from hall.web.input_guard import page_number

bp = Blueprint("complaints_admin", __name__, url_prefix="/complaints/manage")


@bp.get("")
@permission_required(Permission.MANAGE_HALL)
def index():
    services.fill_in_dues(clock.now())
    status = request.args.get("status", "")
    kind = request.args.get("kind", "")
    overdue = request.args.get("overdue") == "1"
    today = clock.today()
    page = queries.manage(status or None, kind or None, overdue,
                          page_number(request.args), today)
    month = today.replace(day=1)
    return render_template("complaints/manage.html", page=page, today=today,
                           counts=queries.counts(today), kinds=KINDS, statuses=STATUSES,
                           filters={"status": status, "kind": kind, "overdue": overdue},
                           month_figures=services.complaint_rates(month, _next_month(month)))


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _complaint(complaint_id: int) -> Complaint:
    return db.session.get(Complaint, complaint_id) or abort(404)


@bp.get("/<int:complaint_id>")
@permission_required(Permission.MANAGE_HALL)
def show(complaint_id: int):
    complaint = _complaint(complaint_id)
    return render_template("complaints/show.html", complaint=complaint, today=clock.today(),
                           answer_form=AnswerForm(data={"answer": complaint.answer}),
                           publish_form=PublishForm(), action_form=ActionForm())


@bp.post("/<int:complaint_id>/answer")
@permission_required(Permission.MANAGE_HALL)
def answer(complaint_id: int):
    return _act(complaint_id, "已保存答复，将在回音壁公开（设为不公开的除外）",
                services.answer, request.form.get("answer", ""))


@bp.post("/<int:complaint_id>/resolve")
@permission_required(Permission.MANAGE_HALL)
def resolve(complaint_id: int):
    resolved = request.form.get("value") == "1"
    return _act(complaint_id, "已标记为已解决" if resolved else "已改为未解决",
                services.set_resolved, resolved)


@bp.post("/<int:complaint_id>/publish")
@permission_required(Permission.MANAGE_HALL)
def publish(complaint_id: int):
    public = request.form.get("public") == "1"
    return _act(complaint_id, "已恢复公开" if public else "已设为不公开，理由已记录",
                services.set_public, public, request.form.get("reason", ""))


def _act(complaint_id: int, done: str, operation, *args):
    """Run operation(actor, complaint, *args, now); say how it went."""
    complaint = _complaint(complaint_id)
    flash_outcome(lambda: operation(actor(), complaint, *args, clock.now()), done)
    return redirect(url_for(".show", complaint_id=complaint_id))
