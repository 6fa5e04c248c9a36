"""Reading the hall's hours for a day, the issuing check, and the manager's changes.

A weekday without a row keeps the hall's default: Monday to Friday from the settings'
open_time to close_time (what the kiosk footer always said), Saturday and Sunday closed.
Each process keeps a day's hours for a second, so the kiosks' hot path reads them about
once a second, and a change shows everywhere within that second.
"""
from datetime import date, datetime

from sqlalchemy import select

from hall.calendar import workdays
from hall.calendar.models import CalendarDay, CalendarYear
from hall.core import cache, clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.hours import rules
from hall.hours.models import CategoryRule, SpecialDay, WeekdayHours
from hall.settings import services as settings

CACHE_SECONDS = 1.0
CACHED_DAYS = 64   # the API may be asked about any date
_plans = cache.Timed("hours.plans", CACHE_SECONDS, max_entries=CACHED_DAYS)
_rules = cache.Timed("hours.category_rules", CACHE_SECONDS)


# --- reading -----------------------------------------------------------------------------

def default_week() -> tuple[rules.DayHours, ...]:
    """Working days open_time–close_time, the weekend closed."""
    session = rules.Session(rules.parse_minutes(settings.get("open_time")),
                            rules.parse_minutes(settings.get("close_time")))
    return tuple(rules.DayHours((session,) if n < 5 else ()) for n in range(7))


def week() -> tuple[rules.DayHours, ...]:
    """The weekly schedule: stored rows over the default."""
    days = list(default_week())
    for row in db.session.scalars(select(WeekdayHours)):
        days[row.weekday] = _day_hours(row.sessions, row.ticketing_from)
    return tuple(days)


def week_is_set() -> bool:
    """Whether any weekday has hours of its own (else the default week applies)."""
    return db.session.scalar(select(WeekdayHours.weekday).limit(1)) is not None


def _day_hours(sessions: str, ticketing_from: str | None) -> rules.DayHours:
    return rules.DayHours(rules.parse_sessions(sessions),
                          rules.parse_minutes(ticketing_from) if ticketing_from else None)


def plan_for(day: date) -> rules.DayPlan:
    """A date's hours, read for this day only (cached for a second per process)."""
    plan = _plans.get(day)
    if plan is None:
        plan = _read_plan(day)
        _plans.put(day, plan)
    return plan


def _read_plan(day: date) -> rules.DayPlan:
    special = db.session.get(SpecialDay, day)
    specials = {}
    if special is not None:
        hours = _day_hours(special.sessions, special.ticketing_from)
        specials[day] = rules.Special(hours.sessions, hours.ticketing_from, special.label)
    marked = db.session.get(CalendarDay, day)
    calendar = workdays.Calendar.of(
        holidays=[day] if marked and marked.kind == "holiday" else [],
        makeup_days=[day] if marked and marked.kind == "workday" else [],
        years=[day.year] if db.session.get(CalendarYear, day.year) else [])
    config = rules.HoursConfig(week(), specials, calendar, holidays_open())
    names = {day: marked.name} if marked and marked.name else {}
    return rules.plan_for(day, config, names)


def holidays_open() -> bool:
    return bool(settings.get("holidays_open"))


def category_rules() -> dict[int, tuple[int, int]]:
    """{category id: (daily quota, stop minutes)} (cached for a second per process)."""
    found = _rules.get(None)
    if found is None:
        found = {row.category_id: (row.daily_quota, row.stop_minutes)
                 for row in db.session.scalars(select(CategoryRule))}
        _rules.put(None, found)
    return found


def rule_of(category_id: int) -> tuple[int, int]:
    """(daily quota, stop minutes) of a category; (0, 0) without a rule."""
    return category_rules().get(category_id, (0, 0))


def forget_cached() -> None:
    """After a change in this process, a restore, or between tests."""
    _plans.clear()
    _rules.clear()


# --- the issuing check -------------------------------------------------------------------

def verdict(category_id: int, now: datetime) -> rules.Verdict:
    """Whether an ordinary ticket of this category may be issued at this moment."""
    local = clock.local(now)
    plan = plan_for(local.date())
    return rules.ticketing_verdict(plan, rules.minutes_of(local), rule_of(category_id)[1])


def check_ticketing(category_id: int, now: datetime) -> None:
    """Refuse an ordinary ticket outside the category's ticketing hours (409 hall_closed)."""
    found = verdict(category_id, now)
    if not found.allowed:
        raise Conflict(found.message, code="hall_closed")


def quota_reached(category_name: str, category_id: int) -> Conflict:
    quota = rule_of(category_id)[0]
    return Conflict(f"今日“{category_name}”号已取完（每日限 {quota} 号），请改日再来",
                    code="quota_reached")


def service_minutes_ahead(now: datetime, work_minutes: float) -> float:
    """Minutes until `work_minutes` of service are done, counting only open sessions."""
    local = clock.local(now)
    return rules.elapsed_for_work(plan_for(local.date()), rules.minutes_of(local), work_minutes)


# --- the manager's changes ---------------------------------------------------------------

def set_weekdays(actor: Actor, weekdays: list[int], sessions: str,
                 ticketing_from: str | None) -> None:
    """Give these weekdays the same sessions (checked), audited as one change."""
    set_week(actor, [(weekday, sessions, ticketing_from) for weekday in weekdays])


def set_week(actor: Actor, days: list[tuple[int, str, str | None]]) -> None:
    """[(weekday, sessions, ticketing start)]: each checked first, then all stored and
    audited as one change (the week before and after, as people read it)."""
    checked = [(weekday, _checked_hours(sessions, start)) for weekday, sessions, start in days]
    before = _week_text()
    for weekday, hours in checked:
        row = db.session.get(WeekdayHours, weekday) or WeekdayHours(weekday=weekday)
        row.sessions = rules.format_sessions(hours.sessions)
        row.ticketing_from = _minutes_text(hours.ticketing_from)
        db.session.add(row)
    db.session.flush()
    forget_cached()
    after = _week_text()
    if after != before:
        record(actor, "hours.week", label="办公时间", before=before, after=after)


def _checked_hours(sessions: str, ticketing_from: str | None) -> rules.DayHours:
    try:
        start = rules.parse_minutes(ticketing_from) if ticketing_from else None
        return rules.DayHours(rules.parse_sessions(sessions), start)
    except rules.HoursError as exc:
        raise DomainError(str(exc), fields={"sessions": str(exc)}) from None


def _minutes_text(minutes: int | None) -> str | None:
    return None if minutes is None else rules.format_minutes(minutes)


def _week_text() -> dict:
    """The schedule as people read it, for the audit log."""
    return {rules.WEEKDAY_LABELS[n]: describe(day) for n, day in enumerate(week())}


def describe(day: rules.DayHours) -> str:
    """'09:00-12:00,13:30-17:30（08:30 起取号）' or '不办公'."""
    if not day.sessions:
        return "不办公"
    text = rules.format_sessions(day.sessions)
    if day.ticketing_from is not None and day.ticketing_from < day.sessions[0].start:
        text += f"（{rules.format_minutes(day.ticketing_from)} 起取号）"
    return text


def set_holidays_open(actor: Actor, is_open: bool) -> None:
    settings.update(actor, {"holidays_open": is_open})
    forget_cached()


def save_special_day(actor: Actor, day: date, sessions: str, ticketing_from: str | None,
                     label: str) -> SpecialDay:
    """A date with its own hours (empty sessions: closed that day)."""
    hours = _checked_hours(sessions, ticketing_from)
    label = label.strip()
    if not label or len(label) > 40:
        raise DomainError("请填写 1 到 40 个字的说明，例如：延时服务、周末不打烊",
                          fields={"label": "请填写说明"})
    row = db.session.get(SpecialDay, day)
    before = row.audit_dict() if row else None
    row = row or SpecialDay(day=day)
    row.sessions = rules.format_sessions(hours.sessions)
    row.ticketing_from, row.label = _minutes_text(hours.ticketing_from), label
    db.session.add(row)
    db.session.flush()
    forget_cached()
    record(actor, "hours.special_day", row, before=before, after=row.audit_dict(), label=str(row))
    return row


def delete_special_day(actor: Actor, day: date) -> None:
    row = db.session.get(SpecialDay, day)
    if row is None:
        raise DomainError("没有这个特殊安排")
    record(actor, "hours.special_day_delete", row, before=row.audit_dict(), label=str(row))
    db.session.delete(row)
    db.session.flush()
    forget_cached()


def special_days(start: date) -> list[SpecialDay]:
    """The special days from `start` on, in order."""
    return list(db.session.scalars(select(SpecialDay).where(SpecialDay.day >= start)
                                   .order_by(SpecialDay.day)))


def set_category_rule(actor: Actor, category, quota: int, stop_minutes: int) -> CategoryRule:
    """A category's daily quota (0: none) and how many minutes before closing it stops."""
    if not 0 <= quota <= 9999:
        raise DomainError("每日限号须在 0 到 9999 之间（0 为不限）", fields={"quota": "须在 0 到 9999 之间"})
    if not 0 <= stop_minutes <= 240:
        raise DomainError("提前停止取号须在 0 到 240 分钟之间", fields={"stop_minutes": "须在 0 到 240 之间"})
    row = db.session.get(CategoryRule, category.id)
    before = row.audit_dict() if row else {"daily_quota": 0, "stop_minutes": 0}
    row = row or CategoryRule(category_id=category.id)
    row.daily_quota, row.stop_minutes = quota, stop_minutes
    db.session.add(row)
    db.session.flush()
    forget_cached()
    if row.audit_dict() != before:
        record(actor, "hours.category_rule", label=f"{category.name}取号规则",
               before=before, after=row.audit_dict())
    return row


def week_summary() -> str:
    """The week in one line for public footers: 周一至周五 09:00–17:30；周六 09:00–12:00."""
    groups: list[list] = []
    for n, day in enumerate(week()):
        if groups and groups[-1][1] == day.sessions:
            groups[-1][0].append(n)
        else:
            groups.append([[n], day.sessions])
    names = "一二三四五六日"
    parts = []
    for days, sessions in groups:
        if not sessions:
            continue
        span = f"周{names[days[0]]}" + (f"至周{names[days[-1]]}" if len(days) > 1 else "")
        parts.append(span + " " + "、".join(f"{rules.format_minutes(s.start)}–"
                                            f"{rules.format_minutes(s.end)}" for s in sessions))
    return "；".join(parts) or "暂停办公"
