"""预约办理 for citizens: the booking steps on a phone or the kiosk, the booking's own page
(its token is the key) with cancelling, and 预约签到 at the kiosk.

The steps are plain links (category -> date -> slot -> details), so the browser's back
button and a kiosk left alone both behave. Every refusal is the service's Chinese message;
a refused booking stores nothing (the request's transaction is rolled back).
"""
from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from hall.appointments import pages_support as support
from hall.appointments import services
from hall.appointments.forms import BookingForm
from hall.calendar.services import weekday_name
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.queue.kiosks import current_kiosk
from hall.settings.links import public_url
from hall.web import idempotency, ratelimit
from hall.web.access import public
from hall.web.helpers import client_address, request_actor, show_error
from hall.web.qr import qr_svg

bp = Blueprint("booking", __name__)



@bp.app_context_processor
def booking_offered_global():
    """For the kiosk home and the guide: which categories take appointments (read only when
    a template asks)."""
    return {"booking_offered": support.offered_category_ids}


@bp.context_processor
def booking_globals():
    """What every booking page shows: the rules, weekday names, whether this is a kiosk."""
    return {"rules": support.rules(), "weekday": weekday_name,
            "at_kiosk": current_kiosk() is not None}


@bp.get("/book")
@public
def categories():
    return render_template("appointments/categories.html", step=1,
                           categories=support.booking_categories())


@bp.get("/book/c/<code>")
@public
def days(code: str):
    category = support.booking_category(code) or abort(404)
    return render_template("appointments/days.html", step=2, category=category,
                           days=support.bookable_days(category, clock.now()))


@bp.get("/book/c/<code>/<day>")
@public
def slots(code: str, day: str):
    category = support.booking_category(code) or abort(404)
    chosen = _day_or_404(day)
    now = clock.now()
    if not support.is_bookable_day(category, chosen, now):
        return render_template("appointments/days.html", step=2, category=category,
                               days=support.bookable_days(category, now),
                               message=support.day_closed_message(chosen, now)), 404
    return render_template("appointments/slots.html", step=3, category=category, day=chosen,
                           slots=services.slots_for(category, chosen, now))


@bp.route("/book/slot/<int:slot_id>", methods=["GET", "POST"])
@public
def details(slot_id: int):
    slot = support.slot(slot_id) or abort(404)
    form, now = BookingForm(), clock.now()
    if request.method == "GET":
        return _details_page(form, slot, message=support.slot_refusal(slot, now))
    if not form.validate_on_submit():
        return _details_page(form, slot, message=support.FIX_FIELDS, status=400)
    try:
        held = idempotency.form_claim("appointment", now)
        if held.repeated:      # the same form sent twice: the first booking, not a second
            return redirect(url_for(".show", token=held.first.resource), 303)
        refused = support.booking_refused(now)
        if refused:
            idempotency.release(held)
            keep_counted()     # the refused try counts (as on the API)
            return _details_page(form, slot, message=refused, status=429)
        booked = services.book(slot.id, form.name.data, form.id_number.data, form.phone.data,
                               now, request_actor())
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        existing = support.same_person_booking(exc, slot, form.service_data())
        return _details_page(form, slot, message=support.refusal_message(exc),
                             existing=existing, status=exc.status)
    idempotency.complete(held, booked.token, 303)
    return redirect(url_for(".show", token=booked.token, new=1), 303)


def _details_page(form, slot, *, message: str = "", existing=None, status: int = 200):
    return render_template("appointments/details.html", step=4, form=form, slot=slot,
                           category=slot.category, message=message, existing=existing), status


@bp.get("/book/<token>")
@public
def show(token: str):
    found = support.by_token(token) or abort(404)
    link = public_url(".show", token=found.token)
    return render_template("appointments/show.html", appointment=found, view=support.view(found),
                           qr=qr_svg(link), just_booked=request.args.get("new") == "1")


@bp.get("/book/<token>/qr.svg")
@public
def qr(token: str):
    found = support.by_token(token) or abort(404)
    return Response(qr_svg(public_url(".show", token=found.token)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=86400"})


@bp.route("/book/<token>/cancel", methods=["GET", "POST"])
@public
def cancel(token: str):
    """GET asks 确定取消吗？; POST (with CSRF) cancels, or says why it cannot."""
    found = support.by_token(token) or abort(404)
    view = support.view(found)
    if request.method == "GET":
        return render_template("appointments/cancel.html", appointment=found, view=view)
    try:
        services.cancel(found.token, clock.now(), request_actor())
    except DomainError as exc:
        db.session.rollback()
        return render_template("appointments/cancel.html", appointment=found, view=view,
                               message=support.refusal_message(exc)), exc.status
    return redirect(url_for(".show", token=found.token, cancelled=1), 303)


# -- 预约签到 at the kiosk ------------------------------------------------------------------

@bp.route("/kiosk/check-in", methods=["GET", "POST"])
@public
def check_in():
    """预约码 or 身份证号 typed on the keypad, or a scanner typing the booking's link."""
    if request.method == "GET":
        return _check_in_page()
    entry = request.form.get("entry", "")[:300]
    if support.entry_is_empty(entry):   # said before anything is counted: nothing was tried
        return _check_in_page(400, entry_error=support.EMPTY_ENTRY)
    now, kiosk = clock.now(), current_kiosk()
    verdict = services.checkin_allowance(kiosk.id if kiosk else None, client_address(), now)
    keep_counted()     # a wrong try counts even when the check-in is refused
    if not verdict.allowed:
        return _check_in_page(
            429, message=f"签到尝试次数过多，请 {ratelimit.minutes(verdict.retry_after)} 分钟后再试，"
                         "或到咨询导办窗口办理")
    try:
        found = support.find_for_check_in(entry, now)
        ticket = services.check_in(found, now, request_actor(), kiosk.id if kiosk else None)
        ratelimit.refund(verdict)       # a good check-in uses none of the allowance
    except DomainError as exc:
        db.session.rollback()
        late = support.late_category(exc, entry)
        return _check_in_page(exc.status, message=support.check_in_message(exc),
                              late_category=late,
                              entry="" if late else support.shown_entry(entry))
    return redirect(url_for("kiosk.ticket", token=ticket.token, printing=1), 303)


def _check_in_page(status: int = 200, **context):
    return render_template("appointments/check_in.html",
                           booking_qr=qr_svg(public_url(".categories")),
                           empty_entry=support.EMPTY_ENTRY, **context), status


def _day_or_404(text: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        abort(404)
