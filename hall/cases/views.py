"""Staff pages: accept a case at the window, follow it, pause, extend, close, print."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hall.cases import deadlines, provisional, queries, services
from hall.cases.forms import AcceptForm
from hall.cases.models import PAUSE_REASONS, RESULTS, WARNINGS, Case
from hall.cases.picker import window_items
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.items.models import Item
from hall.queue.models import Ticket
from hall.settings.links import public_url
from hall.web import idempotency
from hall.web.access import permission_required
from hall.web.helpers import actor, choices, flash_outcome, show_error
from hall.web.input_guard import bounded, query_day
from hall.web.qr import qr_svg
from hall.windows.models import Window, window_by_no, windows_of

bp = Blueprint("cases", __name__, url_prefix="/cases")
staff_only = permission_required(Permission.SERVE_WINDOW | Permission.MANAGE_HALL)


def _my_window_ids() -> list[int] | None:
    """None for managers (every window), else the user's own windows."""
    if current_user.can(Permission.MANAGE_HALL):
        return None
    return [w.id for w in windows_of(current_user)]


def _case(case_no: str) -> Case:
    case = db.session.scalar(select(Case).where(Case.case_no == case_no[:24])) or abort(404)
    mine = _my_window_ids()
    if mine is not None and case.window_id not in mine:
        abort(403)
    return case


def _acceptance_window() -> Window:
    no = request.values.get("window", type=int)
    window = window_by_no(no)
    if window is None:
        mine = windows_of(current_user)
        window = mine[0] if mine else abort(404)
    if not window.can_operate(current_user):
        abort(403)
    return window


def _item_choices(window: Window):
    """The window's departments' items first; every published item is allowed."""
    dept_ids = {d.id for d in window.departments}
    items = db.session.scalars(select(Item).where(Item.is_published.is_(True))
                               .order_by(Item.code)).all()
    ordered = sorted(items, key=lambda i: (i.department_id not in dept_ids, i.code))
    return [("", "请选择事项")] + [(i.code, f"{i.name}（{i.department.name}）") for i in ordered]


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    window = _acceptance_window()
    ticket = db.session.get(Ticket, bounded(request.values.get("ticket", type=int)) or 0)
    form = AcceptForm()
    form.item.choices = choices(_item_choices(window))
    if request.method == "GET" and request.args.get("item"):
        form.item.data = request.args["item"]
    item = db.session.scalar(select(Item).where(Item.code == (form.item.data or "")))
    if form.validate_on_submit() and item is not None and request.form.get("action"):
        case_no = _submit(form, item, window, ticket)
        if case_no is not None:
            return redirect(url_for(".show", case_no=case_no, printing=1))
    status = 400 if form.errors else 200
    q = request.args.get("q", "")[:100]
    everything = request.args.get("all") == "1"
    return render_template("cases/new.html", form=form, window=window, ticket=ticket,
                           item=item, q=q, everything=everything,
                           picker=window_items(window, q, everything)), status


def _submit(form: AcceptForm, item: Item, window: Window, ticket: Ticket | None) -> str | None:
    """The case number made by this form, the first time it was posted or now; None when
    refused (the form shows why)."""
    now = clock.now()
    try:
        held = idempotency.form_claim("case", now, owner=f"user:{current_user.id}")
        if held.repeated:
            return held.first.resource
        case = _accept_or_refuse(form, item, window, ticket, now)
        idempotency.complete(held, case.case_no, 303)
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        if exc.fields and not any(name in form for name in exc.fields):   # e.g. ticket_id
            form.form_errors.append(exc.message)
        return None
    return case.case_no


def _accept_or_refuse(form: AcceptForm, item: Item, window: Window, ticket: Ticket | None,
                      now) -> Case:
    ticket_id = ticket.id if ticket else None
    if request.form["action"] == "refuse":
        return services.refuse(actor(), now, item=item, applicant=form.applicant(),
                               window=window, reason=form.reason.data, ticket_id=ticket_id)
    handed_in = {int(v) for v in request.form.getlist("material") if v.isdigit()}
    return services.accept(actor(), now, item=item, applicant=form.applicant(),
                           handed_in=handed_in, window=window, ticket_id=ticket_id,
                           promise_date=form.promise_date.data)


@bp.get("/")
@staff_only
def index():
    args = request.args
    start, end = query_day(args, "from"), query_day(args, "to")
    rows = queries.case_list(clock.now(), windows=_my_window_ids(),
                             warning=args.get("warning", ""), status=args.get("status", ""),
                             item=args.get("item", ""), start=start, end=end)
    return render_template("cases/index.html", rows=rows, args=args, warnings=WARNINGS,
                           counts=queries.warning_counts(clock.now()))


@bp.get("/provisional")
@permission_required(Permission.MANAGE_HALL)
def provisional_list():
    """The manager's list: deadlines still 暂定, and what each recount changed."""
    return render_template("cases/provisional.html", waiting=provisional.waiting_cases(),
                           recounts=provisional.recent_recounts(), due_text=provisional.due_text)


@bp.get("/<case_no>")
@staff_only
def show(case_no: str):
    case = _case(case_no)
    return render_template("cases/show.html", case=case,
                           warning=deadlines.warning_now(case, clock.now()),
                           reasons={k: PAUSE_REASONS[k] for k in
                                    ["supplement", *case.item.special_steps]},
                           results=RESULTS, printing=request.args.get("printing"))


def _act(case_no: str, operation, success: str, **values):
    case = _case(case_no)
    flash_outcome(lambda: operation(actor(), clock.now(), case, **values), success)
    return redirect(url_for(".show", case_no=case_no))


@bp.post("/<case_no>/materials")
@staff_only
def materials(case_no: str):
    ids = {int(v) for v in request.form.getlist("material") if v.isdigit()}
    return _act(case_no, services.receive_materials, "已登记收到的材料", material_ids=ids)


@bp.post("/<case_no>/suspend")
@staff_only
def suspend(case_no: str):
    return _act(case_no, services.suspend, "已暂停计时", reason=request.form.get("reason", ""),
                note=request.form.get("note", ""))


@bp.post("/<case_no>/resume")
@staff_only
def resume(case_no: str):
    return _act(case_no, services.resume, "已恢复计时", note=request.form.get("note", ""))


@bp.post("/<case_no>/extend")
@staff_only
def extend(case_no: str):
    return _act(case_no, services.extend, "已延期", days=request.form.get("days", 0, type=int),
                approver=request.form.get("approver", ""), reason=request.form.get("reason", ""))


@bp.post("/<case_no>/close")
@staff_only
def close(case_no: str):
    return _act(case_no, services.close, "已办结", result=request.form.get("result", ""),
                note=request.form.get("note", ""),
                overdue_reason=request.form.get("overdue_reason", ""))


def _printable(case: Case, template: str):
    link = public_url("progress.phone", token=case.token)
    window = db.session.get(Window, case.window_id) if case.window_id else None
    return render_template(template, case=case, window=window, qr=qr_svg(link), link=link,
                           narrow=request.args.get("format") == "80")


@bp.get("/<case_no>/receipt")
@staff_only
def receipt(case_no: str):
    case = _case(case_no)
    if case.accepted_at is None:
        abort(404)
    return _printable(case, "cases/receipt.html")


@bp.get("/<case_no>/notice")
@staff_only
def notice(case_no: str):
    return _printable(_case(case_no), "cases/notice.html")


@bp.get("/<case_no>/refusal")
@staff_only
def refusal(case_no: str):
    case = _case(case_no)
    if case.status != "not_accepted":
        abort(404)
    return _printable(case, "cases/refusal.html")
