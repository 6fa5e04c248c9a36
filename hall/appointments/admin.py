"""The manager's 预约管理 pages: each category's weekly slots and its exception dates, the
day's bookings (plain personal data, for staff), and the people blocked after no-shows
with 解除. Every change goes through the appointments services, which audit it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hall.appointments import services
from hall.appointments.forms import DayForm, ExceptionForm, SlotAddForm, SlotRowForm
from hall.appointments.models import APPOINTMENT_STATUSES, SlotException, SlotTemplate
from hall.calendar.services import weekday_name
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.masking import mask_id
from hall.core.roles import Permission
from hall.queue.models import Category
from hall.web.access import permission_required
from hall.web.helpers import actor, flash_outcome, show_error
from hall.windows.models import windows_of

bp = Blueprint("appointments_admin", __name__, url_prefix="/admin/appointments")

MANAGE = Permission.MANAGE_HALL
SEE_BOOKINGS = Permission.MANAGE_HALL | Permission.SERVE_WINDOW
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@bp.context_processor
def admin_globals():
    return {"weekdays": WEEKDAYS, "weekday": weekday_name, "mask_id": mask_id,
            "status_labels": APPOINTMENT_STATUSES}


def _categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                   .order_by(Category.sort_order, Category.code)))


def _category(code: str | None, categories: list[Category]) -> Category:
    if not categories:
        abort(404)
    if not code:
        return categories[0]
    return next((c for c in categories if c.code == code[:40]), None) or abort(404)


# -- 预约时段 ------------------------------------------------------------------------------

@bp.get("/")
@permission_required(MANAGE)
def slots():
    categories = _categories()
    if not categories:
        return render_template("appointments/admin/slots.html", categories=[], category=None)
    category = _category(request.args.get("category"), categories)
    return _slots_page(categories, category)


def _slots_page(categories, category, *, add_form=None, exception_form=None, row_forms=None,
                status: int = 200):
    rows = services.templates_of(category.id)
    forms = {row.id: SlotRowForm(prefix=f"t{row.id}", formdata=None, data=_row_data(row))
             for row in rows}
    forms.update(row_forms or {})
    counts = _template_counts()
    return render_template(
        "appointments/admin/slots.html", categories=categories, category=category,
        rows=rows, row_forms=forms, counts=counts, week=_week(rows),
        open_rows={row_id for row_id, form in forms.items() if form.errors},
        add_form=add_form or SlotAddForm(formdata=None, data={"weekdays": [0, 1, 2, 3, 4],
                                                              "length": 30, "capacity": 5}),
        exception_form=exception_form or ExceptionForm(formdata=None),
        exceptions=services.exceptions_of(category.id, clock.today())), status


def _week(rows: list[SlotTemplate]) -> list[dict]:
    """Each weekday with its rows, their joined spans (09:00–11:30) and open places."""
    week = []
    for weekday, label in enumerate(WEEKDAYS):
        mine = [row for row in rows if row.weekday == weekday]
        spans: list[list[str]] = []
        for row in (r for r in mine if r.active):
            if spans and spans[-1][1] == row.start_time:
                spans[-1][1] = row.end_time
            else:
                spans.append([row.start_time, row.end_time])
        week.append({"weekday": weekday, "label": label, "rows": mine,
                     "spans": "、".join(f"{a}–{b}" for a, b in spans),
                     "open": sum(1 for r in mine if r.active),
                     "places": sum(r.capacity for r in mine if r.active)})
    return week


def _row_data(row: SlotTemplate) -> dict:
    return {"start": row.start_time, "end": row.end_time, "capacity": row.capacity,
            "active": row.active}


def _template_counts() -> dict[int, int]:
    """Active rows per category, for the category tabs."""
    counts: dict[int, int] = {}
    for category_id in db.session.scalars(select(SlotTemplate.category_id)
                                          .where(SlotTemplate.active.is_(True))):
        counts[category_id] = counts.get(category_id, 0) + 1
    return counts


def _back(category: Category, anchor: str = ""):
    return redirect(url_for(".slots", category=category.code) + anchor)


@bp.post("/<code>/slots")
@permission_required(MANAGE)
def add_slots(code: str):
    categories = _categories()
    category = _category(code, categories)
    form = SlotAddForm()
    if not form.validate_on_submit():
        return _slots_page(categories, category, add_form=form, status=400)
    try:
        made = [services.save_template(actor(), category, weekday, start, end,
                                       form.capacity.data)
                for weekday in sorted(form.weekdays.data) for start, end in form.pieces()]
    except DomainError as exc:
        db.session.rollback()
        show_error(form, exc)
        form.form_errors.append(f"未添加任何时段：{exc.message}")
        return _slots_page(categories, category, add_form=form, status=400)
    flash(f"已添加 {len(made)} 个时段", "success")
    return _back(category, "#slots")


@bp.post("/slots/<int:template_id>")
@permission_required(MANAGE)
def save_row(template_id: int):
    row = db.session.get(SlotTemplate, template_id) or abort(404)
    categories = _categories()
    category = _category(row.category.code, categories)
    form = SlotRowForm(prefix=f"t{row.id}")
    if form.validate_on_submit():
        try:
            services.save_template(actor(), category, row.weekday, form.start.data,
                                   form.end.data, form.capacity.data, form.active.data,
                                   template=row)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            flash(f"已保存{WEEKDAYS[row.weekday]} {row.start_time}–{row.end_time}", "success")
            return _back(category, f"#row-{row.id}")
    return _slots_page(categories, category, row_forms={row.id: form}, status=400)


@bp.post("/slots/<int:template_id>/delete")
@permission_required(MANAGE)
def delete_row(template_id: int):
    row = db.session.get(SlotTemplate, template_id) or abort(404)
    category = row.category
    label = f"{WEEKDAYS[row.weekday]} {row.start_time}–{row.end_time}"
    flash_outcome(lambda: services.delete_template(actor(), row), f"已删除{label}，已有预约仍有效")
    return _back(category, "#slots")


@bp.post("/<code>/exceptions")
@permission_required(MANAGE)
def add_exception(code: str):
    categories = _categories()
    category = _category(code, categories)
    form = ExceptionForm()
    if form.validate_on_submit():
        try:
            services.save_exception(actor(), category, form.day.data, form.kind.data == "closed",
                                    form.capacity.data, form.label.data or "")
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            flash(f"已设置 {form.day.data.isoformat()} 的预约安排", "success")
            return _back(category, "#exceptions")
    return _slots_page(categories, category, exception_form=form, status=400)


@bp.post("/exceptions/<int:exception_id>/delete")
@permission_required(MANAGE)
def delete_exception(exception_id: int):
    row = db.session.get(SlotException, exception_id) or abort(404)
    category = row.category
    flash_outcome(lambda: services.delete_exception(actor(), row),
                  f"已删除 {row.day.isoformat()} 的特殊安排")
    return _back(category, "#exceptions")


# -- 当日预约 ----------------------------------------------------------------------------------

@bp.get("/day")
@permission_required(SEE_BOOKINGS)
def day():
    form = DayForm(request.args)
    chosen = form.data["date"] if form.validate() and form.data["date"] else clock.today()
    categories = _visible_categories()
    code = request.args.get("category", "")[:40]
    category = next((c for c in categories if c.code == code), None)
    bookings = services.bookings_of(chosen, [category.id] if category else
                                    [c.id for c in categories])
    return render_template("appointments/admin/day.html", form=form, day=chosen,
                           categories=categories, category=category,
                           groups=_by_slot(bookings), total=len(bookings),
                           counts=_status_counts(bookings))


def _visible_categories() -> list[Category]:
    """Managers see every category; staff those of the windows they sit at (as the API)."""
    categories = _categories()
    if current_user.can(Permission.MANAGE_HALL):
        return categories
    mine = {c.id for window in windows_of(current_user) for c in window.categories}
    return [c for c in categories if c.id in mine]


def _by_slot(bookings) -> list[tuple]:
    """[(slot, [bookings])] in slot order (the service orders them)."""
    groups: list[tuple] = []
    for booking in bookings:
        if not groups or groups[-1][0].id != booking.slot_id:
            groups.append((booking.slot, []))
        groups[-1][1].append(booking)
    return groups


def _status_counts(bookings) -> dict[str, int]:
    counts = dict.fromkeys(APPOINTMENT_STATUSES, 0)
    for booking in bookings:
        counts[booking.status] = counts.get(booking.status, 0) + 1
    return counts


# -- 预约黑名单 ---------------------------------------------------------------------------------

@bp.get("/blocks")
@permission_required(MANAGE)
def blocks():
    now = clock.now()
    everything = request.args.get("all") == "1"
    return render_template("appointments/admin/blocks.html", now=now, everything=everything,
                           blocks=services.blocks(now, include_lifted=everything))


@bp.post("/blocks/<int:block_id>/lift")
@permission_required(MANAGE)
def lift(block_id: int):
    now = clock.now()
    flash_outcome(lambda: services.lift_block(services.find_block(block_id), actor(), now),
                  "已解除预约限制，此人可以重新预约")
    return redirect(url_for(".blocks"))
