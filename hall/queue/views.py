"""The kiosk: take a ticket (with the green channel opened by staff) and print it."""
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

from hall.auth import services as auth
from hall.auth.forms import LoginForm
from hall.core import clock
from hall.core.actor import Actor
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.masking import mask_phone
from hall.items import services as items
from hall.queue import estimates, issuing, notices, opening, tickets
from hall.queue.kiosks import (
    COOKIE,
    LINK_MINUTES,
    close_green,
    current_kiosk,
    enrol_kiosk,
    kiosk_actor,
    open_green,
)
from hall.queue.models import Ticket
from hall.queue.presenters import ticket_dict
from hall.queue.taking import TooManyTickets, ticket_request
from hall.settings import services as settings
from hall.settings.links import public_url
from hall.web.access import public
from hall.web.helpers import client_address, request_actor
from hall.web.qr import qr_svg

# The kiosk page says what a citizen at the screen can do about a refusal.
PAGE_MESSAGES = {"unknown_category": "请选择要办理的业务",
                 "priority_not_allowed": "绿色通道已关闭，请取普通号或到咨询导办窗口求助"}

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")
TEN_YEARS = 10 * 365 * 24 * 3600


@bp.app_context_processor
def hours_footer():
    """Public footers show the week's hours as the manager set them (read only when used)."""
    from hall.hours.services import week_summary
    return {"hall_hours_summary": week_summary}


@bp.get("")
@public
def home():
    now = clock.now()
    kiosk = current_kiosk()
    categories = estimates.category_rows(tickets.hall_day(now), now)
    return render_template("kiosk/home.html", departments=items.departments_with_items(),
                           categories=categories,
                           kiosk=kiosk, green=kiosk is not None and kiosk.green_open(now),
                           **opening.kiosk_context([row["category"] for row in categories], now))


@bp.post("/tickets")
@public
def take_ticket():
    now, kiosk = clock.now(), current_kiosk()
    priority = request.form.get("priority") == "1"
    try:
        category = ticket_request(request.form.get("category", ""), now, kiosk=kiosk,
                                  priority=priority, actor=request_actor())
        new = issuing.issue(category, now, priority=priority,
                            kiosk_id=kiosk.id if kiosk else None)
    except TooManyTickets:
        keep_counted()   # the refused try counts
        flash("取号过于频繁，请稍后再试或到咨询导办窗口求助", "error")
        return redirect(url_for(".home"))
    except DomainError as exc:
        db.session.rollback()
        flash(PAGE_MESSAGES.get(exc.code, exc.message), "error")
        return redirect(url_for(".home"))
    return redirect(url_for(".ticket", token=new.token, printing=1))


@bp.get("/tickets/<token>")
@public
def ticket(token: str):
    found = db.session.scalar(select(Ticket).where(Ticket.token == token[:64])) or abort(404)
    link = public_url("phone.ticket", token=found.token)
    autoprint = request.args.get("printing") == "1" and current_kiosk() is not None
    return render_template("kiosk/ticket.html", ticket=found, info=ticket_dict(found),
                           qr=qr_svg(link), link=link, autoprint=autoprint)


@bp.route("/tickets/<token>/sms", methods=["GET", "POST"])
@public
def ticket_sms(token: str):
    """Leave a mobile number for "your turn is near" messages (optional, on a keypad)."""
    found = db.session.scalar(select(Ticket).where(Ticket.token == token[:64])) or abort(404)
    message, status = None, 200
    if request.method == "POST":
        try:
            notices.leave_phone(found, request.form.get("phone", ""), clock.now())
        except DomainError as exc:
            db.session.rollback()
            message, status = exc.message, exc.status
        else:
            flash(f"已登记：前面还剩 {settings.get('notify_ahead')} 人时和叫到您时，将发短信到 "
                  f"{mask_phone(found.phone)}", "success")
            return redirect(url_for(".ticket", token=found.token))
    return render_template("kiosk/sms.html", ticket=found, message=message), status


@bp.get("/register/<token>")
@public
def register(token: str):
    """Opened once on a kiosk: the one-time link leaves the kiosk's key in a long-lived
    cookie; a used or expired link registers nothing."""
    enrolled = enrol_kiosk(token, clock.now(), kiosk_actor(client_address()))
    if enrolled is None:
        return render_template("device_link_invalid.html", device="自助终端",
                               minutes=LINK_MINUTES), 404
    key, kiosk = enrolled
    response = make_response(redirect(url_for(".home")))
    response.set_cookie(COOKIE, key, max_age=TEN_YEARS, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    flash(f"本终端已登记为“{kiosk.name}”", "success")
    return response


@bp.route("/green", methods=["GET", "POST"])
@public
def green():
    """Staff open the green channel here with their own account; no session stays behind."""
    kiosk = current_kiosk()
    form = LoginForm()
    if kiosk is not None and form.validate_on_submit():
        now = clock.now()
        try:
            user = auth.authenticate(form.username.data, form.password.data, now,
                                     client_address())
            open_green(kiosk, Actor.of(user, client_address()), now)
        except DomainError as exc:
            # Login counts must stick; open_green refuses before it changes anything.
            keep_counted()
            form.password.errors.append(exc.message)
        else:
            return redirect(url_for(".home"))
    return render_template("kiosk/green.html", form=form, kiosk=kiosk)


@bp.post("/green/close")
@public
def green_close():
    kiosk = current_kiosk() or abort(404)
    close_green(kiosk, kiosk_actor(client_address()))
    return redirect(url_for(".home"))
