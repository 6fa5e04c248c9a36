"""Rating pages: the window's evaluator tablet, the phone pages, and the manager's follow-ups.

The evaluator design: the tablet follows /api/v1/events. `ticket.done` carries the ticket's
id and window number, `case.changed` the case number, status and window id; neither carries
a secret. On such an event for its own window the tablet switches to rating mode and, when
the citizen submits, posts `{"kind": "ticket"|"case", "ref": id or case number, "level", ...}`
to POST /windows/<no>/rate (a CSRF-protected page route, not the public API). The server
accepts it only if that ticket or case was finished *at this window* within the last 10
minutes and is still unrated, so the ticket's token never enters the public event stream
and there is no extra one-time id to store: what is printed on the slip stays the citizen's.
Nothing on this page ever submits a rating by itself; a timeout only returns to idle.
"""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..api import error
from ..auth.access import permission_required, public
from ..auth.models import User
from ..auth.roles import Permission
from ..cases.models import Case
from ..errors import Conflict, DomainError
from ..events.services import latest_id
from ..extensions import db
from ..queue.models import Ticket
from ..web import actor
from ..windows.models import Window, window_by_no
from . import services
from .models import LEVELS, REASONS, FollowUp

bp = Blueprint("ratings", __name__)


def _window(no: int) -> Window:
    return window_by_no(no) or abort(404)


@bp.get("/windows/<int:no>/rate")
@public
def evaluator(no: int):
    window = _window(no)
    return render_template("ratings/evaluator.html", window=window, levels=LEVELS,
                           reasons=REASONS, staff=services.acting_staff(window, clock.now()),
                           last_event_id=latest_id())


@bp.post("/windows/<int:no>/rate")
@public
def evaluator_rate(no: int):
    """The tablet's submission (JSON, with the page's CSRF token in X-CSRFToken)."""
    window = _window(no)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error(400, "invalid_json", "请求体须为 JSON 对象")
    try:
        rating = services.rate_at_window(window, data.get("kind"), data.get("ref"),
                                         data.get("level"), data.get("comment", ""),
                                         data.get("reasons", []), clock.now())
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return error(exc.status, exc.code, exc.message, exc.fields)
    return jsonify(id=rating.id, level=rating.level, follow_up=rating.is_bad), 201


def _phone_rate(subject, rate_call, back_url: str, label: str):
    """The phone form: GET shows the choices, POST rates once."""
    state = _phone_state(subject)
    errors = {}
    if request.method == "POST" and state == "open":
        reasons = request.form.getlist("reasons")
        try:
            rate_call(request.form.get("level", type=int), request.form.get("comment", ""),
                      reasons, "qr", clock.now())
            db.session.commit()
            state = "thanks"
        except Conflict as exc:
            db.session.rollback()
            state = "rated" if exc.code == "already_rated" else "unfinished"
        except DomainError as exc:
            db.session.rollback()
            errors = exc.fields or {"level": exc.message}
    status = 400 if errors else 200
    return render_template("ratings/phone.html", state=state, errors=errors, levels=LEVELS,
                           reasons=REASONS, back_url=back_url, label=label,
                           form=request.form), status


def _phone_state(subject) -> str:
    if not services.is_finished(subject):
        return "unfinished"
    return "rated" if services.rating_of(subject) is not None else "open"


@bp.route("/t/<token>/rate", methods=["GET", "POST"])
@public
def ticket_rate(token: str):
    ticket = db.session.scalar(select(Ticket).where(Ticket.token == token[:64])) or abort(404)

    def rate_call(*args):
        return services.rate_ticket(ticket.token, *args)
    return _phone_rate(ticket, rate_call, url_for("phone.ticket", token=ticket.token),
                       f"排队号 {ticket.number}")


@bp.route("/p/<token>/rate", methods=["GET", "POST"])
@public
def case_rate(token: str):
    case = db.session.scalar(select(Case).where(Case.token == token[:64])) or abort(404)

    def rate_call(*args):
        return services.rate_case(case.case_no, case.query_code, *args)
    return _phone_rate(case, rate_call, url_for("progress.phone", token=case.token),
                       f"办件 {case.case_no}")


@bp.get("/followups")
@permission_required(Permission.MANAGE_HALL)
def followups():
    open_ones = services.open_follow_ups()
    return render_template("ratings/followups.html", follow_ups=open_ones,
                           windows=_by_id(Window, {f.rating.window_id for f in open_ones}),
                           staff=_by_id(User, {f.rating.staff_id for f in open_ones}),
                           today=clock.today(), hall_figures=services.satisfaction()[0],
                           by_window=services.satisfaction("window"),
                           by_department=services.satisfaction("department"))


def _by_id(model, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def _follow_up(follow_up_id: int) -> FollowUp:
    return db.session.get(FollowUp, follow_up_id) or abort(404)


@bp.post("/followups/<int:follow_up_id>/callback")
@permission_required(Permission.MANAGE_HALL)
def callback(follow_up_id: int):
    return _act(services.record_callback, follow_up_id, "已记录回访情况")


@bp.post("/followups/<int:follow_up_id>/result")
@permission_required(Permission.MANAGE_HALL)
def result(follow_up_id: int):
    return _act(services.record_result, follow_up_id, "已记录整改结果，该差评回访已办结")


def _act(operation, follow_up_id: int, done: str):
    who = actor()
    try:
        operation(current_user._get_current_object(), _follow_up(follow_up_id),
                  request.form.get("note", ""),
                  clock.now(), who.address)
        db.session.commit()
        flash(done, "success")
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("ratings.followups") + f"#f{follow_up_id}")
