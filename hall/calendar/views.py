"""The hall manager's calendar: a year as month grids, day toggles, CSV import, sync."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from hall.calendar import services
from hall.calendar.forms import ImportForm
from hall.calendar.models import KINDS
from hall.calendar.statutory import holiday_summary
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.web.access import permission_required
from hall.web.helpers import actor

bp = Blueprint("calendar", __name__, url_prefix="/calendar")
manage = permission_required(Permission.MANAGE_HALL)
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_CSV_BYTES = 200_000


@dataclass(frozen=True)
class Cell:
    """One day of a month grid, with what it is and what a click would make it."""

    day: date
    kind: str | None
    name: str
    is_today: bool

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def css(self) -> str:
        """holiday, makeup, weekend or workday."""
        if self.kind:
            return "holiday" if self.kind == "holiday" else "makeup"
        return "weekend" if self.is_weekend else "workday"

    @property
    def label(self) -> str:
        """What the day is, in words."""
        words = {"holiday": "放假", "makeup": "调休上班", "weekend": "周末休息", "workday": "工作日"}
        return " ".join(filter(None, [self.name, words[self.css]]))

    @property
    def action(self) -> str:
        """What a click does, in words."""
        target = services.next_kind(self.day, self.kind)
        if target:
            return "设为" + KINDS[target]
        return "恢复为周末休息" if self.is_weekend else "恢复为工作日"


def _weeks(year: int, month: int) -> list[list[date | None]]:
    """The month as weeks of seven cells, Monday first; None outside the month."""
    first = date(year, month, 1)
    length = ((first + timedelta(days=31)).replace(day=1) - first).days
    cells = [None] * first.weekday() + [first + timedelta(days=n) for n in range(length)]
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def _months(year: int, today: date) -> list[tuple[int, list]]:
    """(month, weeks of Cell or None) for the whole year."""
    days = services.days_of(year)

    def cell(day):
        if day is None:
            return None
        row = days.get(day)
        return Cell(day, row.kind if row else None, row.name if row else "", day == today)
    return [(month, [[cell(day) for day in week] for week in _weeks(year, month)])
            for month in range(1, 13)]


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)


def _render_year(year: int, import_form: ImportForm | None = None, status: int = 200):
    today = clock.today()
    package_years = services.package_schedule()
    return render_template(
        "calendar/year.html", year=year, today=today, months=_months(year, today),
        days=services.days_of(year), loaded=services.loaded_years().get(year),
        missing=services.missing_years(year + 1, year), years=(FIRST_YEAR, LAST_YEAR),
        estimate=holiday_summary,
        import_form=import_form or ImportForm(formdata=None),
        package_range=(min(package_years), max(package_years))), status


@bp.get("/")
@manage
def index():
    return redirect(url_for(".year", year=clock.today().year))


@bp.get("/<int:year>")
@manage
def year(year: int):
    _check_year(year)
    return _render_year(year)


def _posted_day() -> date:
    try:
        day = services.parse_date(request.form.get("day", ""))
    except ValueError:
        abort(400)
    _check_year(day.year)
    return day


def _toggled_message(day: date, kind: str | None) -> str:
    when = f"{day.year}年{day.month}月{day.day}日（{services.weekday_name(day)}）"
    if kind:
        return f"已将{when}设为{KINDS[kind]}"
    return f"已将{when}恢复为{'周末休息' if day.weekday() >= 5 else '工作日'}"


@bp.post("/day")
@manage
def toggle():
    day = _posted_day()
    try:
        kind = services.toggle_day(actor(), clock.now(), day)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_toggled_message(day, kind), "success")
    return redirect(url_for(".year", year=day.year, _anchor=f"m{day.month}"))


def _uploaded_text(form: ImportForm) -> str:
    data = form.file.data.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise DomainError("CSV 文件过大（不能超过 200 KB），未导入任何内容")
    return services.decode_csv(data)


@bp.post("/import")
@manage
def import_csv():
    form = ImportForm()
    back = request.form.get("year", type=int) or clock.today().year
    _check_year(back)
    if form.validate_on_submit():
        try:
            year, schedule = services.import_csv(actor(), clock.now(), _uploaded_text(form))
        except DomainError as exc:
            form.file.errors = list(form.file.errors) + [exc.message]   # 400: rolled back
        else:
            recounted = services.announce_years_loaded(actor(), clock.now())
            flash(services.import_summary(year, schedule), "success")
            _flash_recounts(recounted)
            return redirect(url_for(".year", year=year))
    return _render_year(back, form, 400)


def _flash_recounts(reports: list) -> None:
    """One line per domain that recounted provisional deadlines; the list is on its page."""
    for report in reports:
        if report.changes:
            flash(report.summary + "，清单见“暂定期限”页面", "success")


def _sync_message(result: services.SyncResult) -> str:
    parts = []
    if result.loaded:
        parts.append(f"已从 chinesecalendar 载入{services.years_text(result.loaded)}的安排")
    if result.unchanged:
        parts.append(f"{services.years_text(result.unchanged)}已是最新")
    if result.skipped:
        parts.append(f"{services.years_text(result.skipped)}为 CSV 导入或手工修改，未覆盖")
    return "；".join(parts) or "chinesecalendar 中没有可同步的年份"


@bp.post("/sync")
@manage
def sync():
    back = request.form.get("year", type=int) or clock.today().year
    _check_year(back)
    result = services.sync_from_chinesecalendar(actor(), clock.now())
    recounted = services.announce_years_loaded(actor(), clock.now()) if result.loaded else []
    flash(_sync_message(result), "success")
    _flash_recounts(recounted)
    return redirect(url_for(".year", year=back))


@bp.post("/<int:year>/confirm")
@manage
def confirm(year: int):
    _check_year(year)
    try:
        services.confirm_year(actor(), clock.now(), year)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        recounted = services.announce_years_loaded(actor(), clock.now())
        flash(f"已确认{year}年节假日安排录入完毕，期限计算可跨入{year}年", "success")
        _flash_recounts(recounted)
    return redirect(url_for(".year", year=year))
