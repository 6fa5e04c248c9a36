"""The manager's roster page: four weeks at a glance and one form for a date or a range."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.roster import services
from hall.roster.forms import RosterForm
from hall.roster.models import DutyLeader
from hall.web.access import permission_required
from hall.web.helpers import actor, show_error
from hall.web.input_guard import query_day

bp = Blueprint("roster", __name__, url_prefix="/roster")
WEEKS = 4


def _date_arg(name: str) -> date | None:
    """A bounded date (input_guard): the four weeks from it must stay within the calendar."""
    return query_day(request.args, name)


def _prefill() -> dict:
    """An empty form starting today, or the chosen date (with its entry, to edit)."""
    day = _date_arg("day")
    entry = services.leader_on(day) if day else None
    day = day or clock.today()
    data = {"start": day, "end": day, "workdays_only": entry is None}
    if entry is not None:
        data.update(name=entry.name, title=entry.title, phone=entry.phone)
    return data


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_HALL)
def index():
    form = RosterForm() if request.method == "POST" else RosterForm(data=_prefill())
    if form.validate_on_submit():
        try:
            days = services.days_in(form.start.data, form.end.data, form.workdays_only.data)
            leader = services.check_leader(form.name.data, form.title.data, form.phone.data)
            services.assign(actor(), days, leader, clock.now())
        except DomainError as exc:
            show_error(form, exc)   # the page answers 400: the boundary rolls back
        else:
            flash(f"已安排 {leader.name} 带班，共 {len(days)} 天", "success")
            return redirect(url_for(".index", **{"from": days[0].isoformat()}))
    return _page(form, 400 if form.errors or form.form_errors else 200)


def _page(form, status: int):
    today = clock.today()
    start = _date_arg("from") or today
    return render_template("roster/index.html", form=form, today=today, start=start,
                           weeks=services.weeks(start, WEEKS), leader_today=services.leader_on(today),
                           earlier=(start - timedelta(weeks=WEEKS)).isoformat(),
                           later=(start + timedelta(weeks=WEEKS)).isoformat()), status


@bp.post("/<int:entry_id>/delete")
@permission_required(Permission.MANAGE_HALL)
def delete(entry_id: int):
    entry = db.session.get(DutyLeader, entry_id) or abort(404)
    day = entry.day
    services.remove(actor(), entry)
    flash(f"已取消 {day.month}月{day.day}日 的带班安排", "success")
    return redirect(url_for(".index", **{"from": day.isoformat()}))
