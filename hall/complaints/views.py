"""Public pages of 回音壁: the form on the kiosk and on phones, the thanks, the public wall.

The kiosk form (/kiosk/complaints) and the phone form (/complaints/new) are one template:
the kiosk adds an on-screen digit pad for the phone and case-number fields and returns home
when left alone; the phone page never does. Kiosk pages pass `kiosk=1` along to the wall.
"""
from datetime import date, timedelta

from flask import Blueprint, redirect, render_template, request, session, url_for

from hall.calendar.services import weekday_name
from hall.complaints import queries, services
from hall.complaints.forms import KIND_HINTS, ComplaintForm
from hall.complaints.models import KINDS, Complaint
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.queue.kiosks import current_kiosk
from hall.settings import services as settings
from hall.web import idempotency
from hall.web.access import public
from hall.web.helpers import client_address, show_error
from hall.web.input_guard import page_number

bp = Blueprint("complaints", __name__)
PREFILL = ("kind", "window", "department", "case_no")
SESSION_KEY = "complaint_received"
WALL_FIGURES_DAYS = 90


@bp.route("/complaints/new", methods=["GET", "POST"])
@public
def new():
    return _form_page(kiosk_mode=False)


@bp.route("/kiosk/complaints", methods=["GET", "POST"])
@public
def kiosk_new():
    return _form_page(kiosk_mode=True)


def _form_page(kiosk_mode: bool):
    """GET: the form, pre-filled from the link; POST: check, rate-limit, store, thank."""
    if request.method == "GET":
        form = ComplaintForm(data={k: request.args.get(k, "")[:24] for k in PREFILL})
        return _render_form(form, kiosk_mode)
    form = ComplaintForm()
    try:
        draft = services.check(form.service_data())
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        return _render_form(form, kiosk_mode, f"未能提交：{exc.message}。请按红色提示修改后再提交。",
                            400)
    return _store(form, draft, kiosk_mode)


def _store(form, draft, kiosk_mode: bool):
    """Store once per form token: a repeat of the same form thanks for the first one."""
    now, kiosk = clock.now(), current_kiosk()
    try:
        held = idempotency.form_claim("complaint", now)
    except DomainError as exc:
        db.session.rollback()
        return _render_form(form, kiosk_mode, exc.message, 400)
    if held.repeated:
        return _thank_for(db.session.get(Complaint, int(held.first.resource)), kiosk_mode)
    verdict = services.allowance(kiosk.id if kiosk else None, client_address(), now)
    if not verdict.allowed:
        idempotency.release(held)
        keep_counted()     # the count stands
        return _render_form(form, kiosk_mode, services.too_many_message(verdict.retry_after), 429)
    complaint = services.submit(draft, "kiosk" if kiosk_mode else "phone", now,
                                services.citizen(client_address()))
    idempotency.complete(held, complaint.id, 303)
    return _thank_for(complaint, kiosk_mode)


def _thank_for(complaint, kiosk_mode: bool):
    session[SESSION_KEY] = {"id": complaint.id, "kind": complaint.kind, "kiosk": kiosk_mode,
                            "due": complaint.reply_due.isoformat() if complaint.reply_due else ""}
    return redirect(url_for(".thanks"))


def _render_form(form, kiosk_mode: bool, message: str = "", status: int = 200):
    return render_template("complaints/form.html", form=form, kiosk=kiosk_mode,
                           message=message, hints=KIND_HINTS,
                           reply_days=settings.get("complaint_reply_days"),
                           content_max=services.CONTENT_MAX), status


@bp.get("/complaints/thanks")
@public
def thanks():
    received = session.pop(SESSION_KEY, None)
    if not received:
        return redirect(url_for(".wall"))
    due = date.fromisoformat(received["due"]) if received.get("due") else None
    return render_template("complaints/thanks.html", received=received, due=due,
                           weekday=weekday_name(due) if due else "",
                           kiosk=bool(received.get("kiosk")),
                           kind_label=KINDS.get(received["kind"], ""),
                           reply_days=settings.get("complaint_reply_days"))


@bp.get("/complaints")
@public
def wall():
    """回音壁: answered complaints, suggestions and praise, masked, newest first."""
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    page = queries.wall(kind or None, page_number(request.args))
    now = clock.now()
    figures = services.complaint_rates(now - timedelta(days=WALL_FIGURES_DAYS), now, now)
    return render_template("complaints/wall.html", page=page, kind=kind, kinds=KINDS,
                           figures=figures, figures_days=WALL_FIGURES_DAYS,
                           kiosk=request.args.get("kiosk") == "1")
