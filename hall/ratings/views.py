"""Rating pages: the window's evaluator tablet, the phone pages, and the manager's follow-ups.

The evaluator tablet is a registered device bound to one window (hall/ratings/devices.py):
the administrator registers it on 评价器管理 and opens the one-time link on it, which leaves
its device key in an HttpOnly cookie. Any other browser gets a page saying it is not
registered, and its submissions are refused. The tablet follows /api/v1/events, where
`ticket.done` and `case.changed` say only that a service finished at a window; on such an
event for its own window it fetches the one-time keys of its window's services just finished
(POST /windows/<no>/rate/keys, cookie and CSRF token) and switches to rating mode. The
citizen's submission carries the key; the key is consumed with the rating, once. Nothing on
this page ever submits a rating by itself; a timeout only returns to idle. The citizen's own
channels stay open: the QR code of the ticket or receipt, and POST /api/v1/ratings.
"""
from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from hall.auth.models import User
from hall.cases.models import Case
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.events.services import latest_id
from hall.queue.models import Ticket
from hall.ratings import devices, services
from hall.ratings.models import LEVELS, REASONS, FollowUp, Rating
from hall.web import idempotency, ratelimit
from hall.web.access import permission_required, public
from hall.web.helpers import actor, client_address, flash_outcome
from hall.web.responses import error
from hall.windows.models import Window, window_by_no

bp = Blueprint("ratings", __name__)
TEN_YEARS = 10 * 365 * 24 * 3600


def _window(no: int) -> Window:
    return window_by_no(no) or abort(404)


@bp.get("/windows/<int:no>/rate")
@public
def evaluator(no: int):
    window = _window(no)
    device = devices.current_device()
    if device is None or device.window_id != window.id:
        return render_template("ratings/evaluator_refused.html", window=window,
                               device=device), 403
    return render_template("ratings/evaluator.html", window=window, levels=LEVELS,
                           reasons=REASONS, staff=services.acting_staff(window, clock.now()),
                           last_event_id=latest_id())


@bp.post("/windows/<int:no>/rate/keys")
@public
def evaluator_keys(no: int):
    """The registered tablet's one-time keys for its window's services just finished."""
    window = _window(no)
    try:
        device = devices.check_device(devices.current_device(), window)
    except DomainError as exc:
        return error(exc.status, exc.code, exc.message)
    offered = devices.pending_keys(device, clock.now())
    response = jsonify(services=offered)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/windows/<int:no>/rate")
@public
def evaluator_rate(no: int):
    """The tablet's submission: JSON `{"key", "level", "reasons", "comment"}`, with the
    page's CSRF token in X-CSRFToken, from this window's registered tablet only."""
    window, now = _window(no), clock.now()
    try:
        device = devices.check_device(devices.current_device(), window)
    except DomainError as exc:
        return error(exc.status, exc.code, exc.message)
    verdict = devices.post_allowance(device, now)
    keep_counted()   # the count stands even when the rating below is refused
    if not verdict.allowed:
        return ratelimit.too_many(verdict.retry_after)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error(400, "invalid_json", "请求体须为 JSON 对象")
    try:
        # The service's one-time key with the body names the submission: a double tap gets
        # the first rating back (201); another choice with a used key is still a 409.
        same = idempotency.request_fingerprint(data)
        held = idempotency.claim("rating.tablet", str(data.get("key") or ""), now,
                                 owner=f"window:{window.id}:{same}")
        if held.repeated:
            rating = db.session.get(Rating, int(held.first.resource))
            return jsonify(id=rating.id, level=rating.level, follow_up=rating.is_bad), 201
        rating = devices.rate_with_key(window, data.get("key"), data.get("level"),
                                       data.get("comment", ""), data.get("reasons", []), now,
                                       devices.device_actor(window, client_address()))
        idempotency.complete(held, rating.id, 201)
    except DomainError as exc:
        return error(exc.status, exc.code, exc.message, exc.fields)
    return jsonify(id=rating.id, level=rating.level, follow_up=rating.is_bad), 201


@bp.get("/evaluator/register/<token>")
@public
def evaluator_register(token: str):
    """Opened once on the tablet: the one-time link leaves its key in a long-lived cookie."""
    enrolled = devices.enrol_device(token, clock.now(), client_address())
    if enrolled is None:
        return render_template("device_link_invalid.html", device="评价器",
                               minutes=devices.LINK_MINUTES), 404
    key, device = enrolled
    response = make_response(redirect(url_for(".evaluator", no=device.window.no)))
    response.set_cookie(devices.COOKIE, key, max_age=TEN_YEARS, httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return response


def _phone_rate(subject, rate_call, back_url: str, label: str):
    """The phone form: GET shows the choices, POST rates once."""
    state = _phone_state(subject)
    errors = {}
    if request.method == "POST" and state != "unfinished":
        reasons = request.form.getlist("reasons")
        try:
            held = idempotency.form_claim("rating", clock.now())
            if held.repeated:           # the same form again: thank for the first rating
                state = "thanks"
            elif state == "open":
                rating = rate_call(request.form.get("level", type=int),
                                   request.form.get("comment", ""), reasons, "qr", clock.now())
                idempotency.complete(held, rating.id, 200)
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
    flash_outcome(lambda: operation(current_user._get_current_object(), _follow_up(follow_up_id),
                                    request.form.get("note", ""), clock.now(), actor().address),
                  done)
    return redirect(url_for("ratings.followups") + f"#f{follow_up_id}")
