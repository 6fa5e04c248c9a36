"""Reading, loading and editing the working-day calendar; every change is audited.

The tables hold only the exceptional days (holidays, and weekends made working days) plus
the years whose schedule is loaded; hall.calendar.workdays does the counting. A year counts as loaded
only when a whole schedule came in (chinesecalendar, a CSV file, or the manager confirming
the days entered by hand), so a deadline never silently runs through an unknown year.
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select

from hall.calendar import workdays
from hall.calendar.models import KINDS, CalendarDay, CalendarYear
from hall.calendar.signals import years_loaded
from hall.calendar.statutory import holiday_dates
from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.journal import record

PROTECTED_SOURCES = ("csv", "manual")   # a sync leaves these years alone unless forced
CSV_HEADER = ["date", "kind", "name"]
WEEKDAY_NAMES = "一二三四五六日"
ERRORS_SHOWN = 5

Schedule = dict[date, tuple[str, str]]   # {day: (kind, name)}


# --- reading -----------------------------------------------------------------------------

def load_calendar(provisional: bool = False) -> workdays.Calendar:
    """The hall's whole calendar as a pure workdays.Calendar; with `provisional`, years
    without a loaded schedule count on the statutory holidays instead of raising."""
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    calendar = workdays.Calendar.of(
        holidays=(day for day, kind in rows if kind == "holiday"),
        makeup_days=(day for day, kind in rows if kind == "workday"),
        years=db.session.scalars(select(CalendarYear.year)))
    return calendar.with_estimate(holiday_dates) if provisional else calendar


def due_date(start: date, days: int) -> date:
    """The `days`-th working day after `start`; raises workdays.CalendarMissing."""
    return load_calendar().add_workdays(start, days)


def provisional_due_date(start: date, days: int) -> tuple[date, bool]:
    """The `days`-th working day after `start`, and whether it is provisional."""
    calendar = load_calendar(provisional=True)
    due = calendar.add_workdays(start, days)
    return due, calendar.reaches_estimate(start, due)


def announce_years_loaded(actor: Actor, now) -> list:
    """Tell the domains that keep provisional deadlines that the calendar has grown; returns
    their reports (each with `summary` and `lines`) for the page or the command line."""
    return [report for _, report in years_loaded.send(actor, now=now) if report is not None]


def loaded_years() -> dict[int, CalendarYear]:
    """Every loaded year with its source."""
    return {row.year: row for row in db.session.scalars(select(CalendarYear))}


def missing_years(through_year: int, from_year: int | None = None) -> list[int]:
    """Years up to `through_year` without a schedule, from `from_year` or the first loaded."""
    loaded = set(db.session.scalars(select(CalendarYear.year)))
    first = min(loaded, default=through_year) if from_year is None else from_year
    return [year for year in range(first, through_year + 1) if year not in loaded]


def days_of(year: int) -> dict[date, CalendarDay]:
    """The exceptional days of one year."""
    query = (select(CalendarDay).where(CalendarDay.day.between(*_bounds(year)))
             .order_by(CalendarDay.day))
    return {row.day: row for row in db.session.scalars(query)}


def weekday_name(day: date) -> str:
    return "星期" + WEEKDAY_NAMES[day.weekday()]


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _year_state(year: int) -> dict:
    """A year's source and days, for the audit log."""
    row = db.session.get(CalendarYear, year)
    days = {day.isoformat(): f"{r.kind} {r.name}".strip() for day, r in days_of(year).items()}
    return {"source": row.source if row else None, "days": days}


# --- loading whole years -----------------------------------------------------------------

def _mark_loaded(actor: Actor, now, year: int, source: str) -> CalendarYear:
    row = db.session.get(CalendarYear, year)
    if row is None:
        row = CalendarYear(year=year)
        db.session.add(row)
    row.source, row.loaded_at, row.loaded_by = source, now, actor.username[:40]
    return row


def _load_year(actor: Actor, now, year: int, schedule: Schedule, source: str, action: str):
    """Put a whole year's schedule in place of what was there, mark it loaded, audit it."""
    before = _year_state(year)
    db.session.execute(delete(CalendarDay).where(CalendarDay.day.between(*_bounds(year))))
    db.session.add_all(CalendarDay(day=day, kind=kind, name=name[:40])
                       for day, (kind, name) in sorted(schedule.items()))
    row = _mark_loaded(actor, now, year, source)
    db.session.flush()
    record(actor, action, row, before=before, after=_year_state(year), label=str(row))


def _schedule_in_db(year: int) -> Schedule:
    return {day: (row.kind, row.name) for day, row in days_of(year).items()}


@dataclass
class SyncResult:
    loaded: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)   # from CSV or edited; force overwrites


def package_schedule() -> dict[int, Schedule]:
    """The installed chinesecalendar's data by year, with Chinese names."""
    from chinese_calendar import constants
    names = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    by_year: dict[int, Schedule] = {}
    for kind, table, suffix in (("holiday", constants.holidays, ""),
                                ("workday", constants.workdays, "调休")):
        for day, name in table.items():
            by_year.setdefault(day.year, {})[day] = (kind, names.get(name, name) + suffix)
    return by_year


def _sync_decision(current: CalendarYear | None, schedule: Schedule, force: bool) -> str:
    if current is not None and current.source in PROTECTED_SOURCES and not force:
        return "skipped"
    if current is not None and current.source == "chinesecalendar":
        if _schedule_in_db(current.year) == schedule:
            return "unchanged"
    return "loaded"


def sync_from_chinesecalendar(actor: Actor, now, force: bool = False) -> SyncResult:
    """Load every year chinesecalendar covers; CSV and hand-edited years stay unless forced."""
    result, current = SyncResult(), loaded_years()
    for year, schedule in sorted(package_schedule().items()):
        decision = _sync_decision(current.get(year), schedule, force)
        if decision == "loaded":
            _load_year(actor, now, year, schedule, "chinesecalendar", "calendar.sync")
        getattr(result, decision).append(year)
    return result


# --- CSV ---------------------------------------------------------------------------------

def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), or GB18030 as Excel saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("无法识别文件编码，请将 CSV 保存为 UTF-8 编码")


def parse_date(text: str) -> date:
    """A strict YYYY-MM-DD date; raises ValueError with a Chinese reason."""
    try:
        if len(text) == 10:
            return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        pass
    raise ValueError(f"日期“{text}”不正确，应为 YYYY-MM-DD，例如 2027-01-01")


def _parse_row(cells: list[str], year: int | None) -> tuple[date, str, str]:
    """One data row; raises ValueError with a Chinese reason."""
    if len(cells) != 3:
        raise ValueError(f"应有 3 列（date,kind,name），实有 {len(cells)} 列")
    text, kind, name = (cell.strip() for cell in cells)
    day = parse_date(text)
    if year is not None and day.year != year:
        raise ValueError(f"日期 {text} 不在 {year} 年内，每个文件只能包含一年的安排")
    if kind not in KINDS:
        raise ValueError(f"类型“{kind}”不正确，应为 holiday（放假）或 workday（调休上班）")
    if kind == "workday" and day.weekday() < 5:
        raise ValueError(f"{text} 是{weekday_name(day)}，调休上班日只能是周六或周日")
    if not 1 <= len(name) <= 40:
        raise ValueError("名称不能为空，且不超过 40 个字，例如“春节”“春节调休”")
    return day, kind, name


def _data_rows(text: str):
    """(line number, cells) of the non-blank rows after a checked header."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    if not rows or [c.strip().lower() for c in rows[0][1]] != CSV_HEADER:
        raise DomainError("CSV 第 1 行须为表头 date,kind,name，未导入任何内容")
    if len(rows) == 1:
        raise DomainError("CSV 文件中没有日期行，未导入任何内容")
    return rows[1:]


def parse_csv(text: str) -> tuple[int, Schedule]:
    """A year's schedule from CSV text; a DomainError names every bad line."""
    schedule: Schedule = {}
    errors, year = [], None
    for line, cells in _data_rows(text):
        try:
            day, kind, name = _parse_row(cells, year)
            if day in schedule:
                raise ValueError(f"日期 {day.isoformat()} 重复")
        except ValueError as exc:
            errors.append(f"第 {line} 行：{exc}")
            continue
        schedule[day], year = (kind, name), day.year
    if errors:
        raise _csv_error(errors)
    return year, schedule


def _csv_error(errors: list[str]) -> DomainError:
    shown = "；".join(errors[:ERRORS_SHOWN])
    more = f"（等共 {len(errors)} 处）" if len(errors) > ERRORS_SHOWN else ""
    message = f"CSV 文件有误，未导入任何内容。{shown}{more}"
    return DomainError(message, code="invalid_csv", fields={"file": message})


def import_csv(actor: Actor, now, text: str) -> tuple[int, Schedule]:
    """Replace one year's schedule with a CSV file's; nothing changes on any error."""
    year, schedule = parse_csv(text)
    _load_year(actor, now, year, schedule, "csv", "calendar.import")
    return year, schedule


def import_summary(year: int, schedule: Schedule) -> str:
    holidays = sum(1 for kind, _ in schedule.values() if kind == "holiday")
    return f"已导入{year}年节假日安排：放假 {holidays} 天，调休上班 {len(schedule) - holidays} 天"


def years_text(years: list[int]) -> str:
    """[2004, 2005, 2006, 2009] as 2004–2006、2009年."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) + "年"


# --- single days -------------------------------------------------------------------------

def next_kind(day: date, current: str | None) -> str | None:
    """The page's cycle: weekday normal ↔ holiday; weekend normal → make-up workday → normal."""
    if day.weekday() < 5:
        return None if current else "holiday"
    return None if current == "workday" else "workday"


def _check_kind(day: date, kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise DomainError("日期类型不正确")
    if kind == "workday" and day.weekday() < 5:
        raise DomainError(f"{day.isoformat()} 是{weekday_name(day)}，"
                          "只有周六、周日可以设为调休上班日")


def set_day(actor: Actor, now, day: date, kind: str | None, name: str = "") -> str | None:
    """Make a date a holiday, a make-up working day, or (None) an ordinary day again."""
    _check_kind(day, kind)
    row = db.session.get(CalendarDay, day)
    before = row.audit_dict() if row else None
    if kind is None and row is not None:
        db.session.delete(row)
    elif kind is not None:
        row = row or CalendarDay(day=day)
        row.kind, row.name = kind, name.strip()[:40]
        db.session.add(row)
    after = {"kind": kind, "name": row.name} if kind else None
    if before != after:
        _edited(actor, now, day, row, before, after)
    return kind


def _edited(actor: Actor, now, day: date, row, before, after) -> None:
    """A loaded year edited by hand becomes 'manual', which a sync will not overwrite."""
    if db.session.get(CalendarYear, day.year) is not None:
        _mark_loaded(actor, now, day.year, "manual")
    db.session.flush()
    record(actor, "calendar.set_day", row, before=before, after=after,
           label=f"{day.isoformat()}（{weekday_name(day)}）")


def toggle_day(actor: Actor, now, day: date) -> str | None:
    """Move a date one step along the page's cycle; returns its new kind."""
    row = db.session.get(CalendarDay, day)
    return set_day(actor, now, day, next_kind(day, row.kind if row else None))


def confirm_year(actor: Actor, now, year: int) -> CalendarYear:
    """Declare a year entered by hand complete, so deadlines may run through it."""
    if db.session.get(CalendarYear, year) is not None:
        raise DomainError(f"{year}年节假日安排已经录入")
    if not any(row.kind == "holiday" for row in days_of(year).values()):
        raise DomainError(f"{year}年还没有任何放假日期，请先逐日设置或导入 CSV")
    before = _year_state(year)
    row = _mark_loaded(actor, now, year, "manual")
    db.session.flush()
    record(actor, "calendar.confirm", row, before=before, after=_year_state(year), label=str(row))
    return row
