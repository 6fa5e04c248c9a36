"""The legal clock of a case on the hall's working-day calendar (docs/rules.md §3).

The deadline is the N-th working day after the day the clock started (the start day never
counts), where N is the promised days plus any extension plus the working days spent
paused. A deadline that reaches a year the hall has no calendar for is counted on the
statutory holidays of that year (calendar.statutory), marked provisional (暂定) and the year
is noted, so the manager is asked to load it; once loaded, cases.provisional recounts it.
"""
import math
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy import case as when

from hall.calendar.services import load_calendar
from hall.calendar.workdays import CalendarMissing
from hall.cases.models import Case
from hall.core import clock
from hall.core.extensions import db
from hall.settings import services as settings


def yellow_threshold(promised_days: int) -> int:
    """Remaining working days at or below which a case turns yellow: max(1, 20%)."""
    ratio = float(settings.get("warning_yellow_ratio"))
    return max(int(settings.get("warning_yellow_min")), math.floor(ratio * promised_days))


def yellow_from(due: date, threshold: int, calendar) -> date:
    """The first day on which at most `threshold` working days remain before `due`."""
    day, remaining = due, 0
    for _ in range(400):
        remaining_if_earlier = remaining + (1 if calendar.is_workday(day) else 0)
        if remaining_if_earlier > threshold:
            return day
        day, remaining = day - timedelta(days=1), remaining_if_earlier
    return day


def recompute(case: Case, calendar=None) -> None:
    """Set due_date, legal_due_date, yellow_from and the provisional mark from the clock."""
    calendar = calendar or load_calendar(provisional=True)
    start = case.clock_start_on
    try:
        if case.kind == "immediate":
            due = start
        else:
            due = calendar.add_workdays(start, case.promised_days + case.extension_days
                                        + case.paused_workdays)
        legal = calendar.add_workdays(start, case.legal_days + case.paused_workdays)
        # 即办件 have no yellow phase: they are fine until the hall closes that day.
        yellow = yellow_from(due, yellow_threshold(case.promised_days), calendar) \
            if case.kind == "promised" else None
    except CalendarMissing as missing:
        case.due_date = case.legal_due_date = case.yellow_from = None
        case.calendar_missing_year, case.due_provisional = missing.year, False
        return
    case.due_date, case.legal_due_date, case.yellow_from = due, max(legal, due), yellow
    _mark_provisional(case, calendar, start, due, max(legal, due))


def _mark_provisional(case: Case, calendar, start: date, due: date, last: date) -> None:
    """The 承诺 deadline is provisional when its count met a year with no schedule; the
    first such year up to the 法定 deadline is noted: the manager is asked to load it, and
    the case is recounted when it is."""
    case.due_provisional = calendar.reaches_estimate(start, due)
    first = (start + timedelta(days=1)).year
    case.calendar_missing_year = next(
        (year for year in range(first, last.year + 1) if year not in calendar.years), None) \
        if calendar.reaches_estimate(start, last) else None


def after_closing_time(now: datetime) -> bool:
    """Whether the hall's working day is over (即办件 still open then are overdue)."""
    hours, minutes = (int(part) for part in settings.get("close_time").split(":"))
    return clock.local(now).time() >= time(hours, minutes)


def warning_expression(today: date, after_close: bool):
    """The colour of every case in one SQL expression: frozen while paused."""
    immediate_late = and_(Case.kind == "immediate",
                          or_(Case.clock_start_on < today,
                              and_(Case.clock_start_on == today, literal(after_close))))
    return when(
        (Case.status == "suspended", func.coalesce(Case.frozen_warning, "green")),
        (immediate_late, "red"),
        (Case.due_date.is_(None), "unknown"),
        (Case.due_date < today, "red"),
        (Case.yellow_from <= today, "yellow"),
        else_="green")


def escalated_expression(today: date):
    """The 法定 deadline has passed too."""
    return and_(Case.legal_due_date.is_not(None), Case.legal_due_date < today)


def warning_now(case: Case, now: datetime) -> str:
    """One case's colour, from the same expression the lists use."""
    if not case.is_open:
        return "green"
    db.session.flush()
    expression = warning_expression(clock.local(now).date(), after_closing_time(now))
    return db.session.scalar(select(expression).where(Case.id == case.id))


def workdays_used(case: Case, closed_on: date, calendar=None) -> int | None:
    """Working days from the clock's start to closing, minus the paused ones."""
    calendar = calendar or load_calendar()
    try:
        return max(0, calendar.workdays_between(case.clock_start_on, closed_on)
                   - case.paused_workdays)
    except CalendarMissing:
        return None
