"""The duty-leader roster (带班领导): one leader per date, set for a range of dates at once.

Operations validate, change state, audit and flush; the caller commits. The lobby shows the
day's leader by name and title; the phone stays on the manager's page.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hall.calendar.services import load_calendar
from hall.calendar.workdays import CalendarMissing
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.text import clean_text
from hall.core.validators import normalize_phone, phone_problem
from hall.roster.models import DutyLeader
from hall.web.input_guard import DATE_MESSAGE, day_in_range

RANGE_MAX_DAYS = 62
NAME_MAX, TITLE_MAX = 20, 30


@dataclass(frozen=True)
class Leader:
    """Who leads: checked and cleaned."""

    name: str
    title: str = ""
    phone: str = ""


def check_leader(name, title, phone) -> Leader:
    """The leader's name, title and phone cleaned, or a DomainError naming each bad field."""
    name, title = clean_text(name or "", False), clean_text(title or "", False)
    phone, fields = clean_text(phone or "", False), {}
    if not name:
        fields["name"] = "请填写带班领导姓名"
    elif len(name) > NAME_MAX or any(ch.isdigit() for ch in name):
        fields["name"] = f"姓名须为不超过 {NAME_MAX} 个字的文字"
    if len(title) > TITLE_MAX:
        fields["title"] = f"职务不能超过 {TITLE_MAX} 个字"
    if phone and phone_problem(phone):
        fields["phone"] = phone_problem(phone)
    if fields:
        raise DomainError(next(iter(fields.values())), fields=fields)
    return Leader(name, title, normalize_phone(phone) if phone else "")


def days_in(start: date | None, end: date | None, workdays_only: bool) -> list[date]:
    """The dates from start to end (inclusive), only working days if asked."""
    if start is None:
        raise DomainError("请选择开始日期", fields={"start": "请选择开始日期"})
    end = end or start
    for name, day in (("start", start), ("end", end)):
        if not day_in_range(day):   # the page then shows four weeks from it: no year 9999
            raise DomainError(DATE_MESSAGE, fields={name: DATE_MESSAGE})
    if end < start:
        raise DomainError("结束日期不能早于开始日期", fields={"end": "结束日期不能早于开始日期"})
    if (end - start).days >= RANGE_MAX_DAYS:
        raise DomainError(f"一次最多安排 {RANGE_MAX_DAYS} 天", fields={"end": "日期范围过长"})
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return _workdays(days) if workdays_only else days


def _workdays(days: list[date]) -> list[date]:
    calendar = load_calendar()
    try:
        chosen = [day for day in days if calendar.is_workday(day)]
    except CalendarMissing as exc:
        raise DomainError(f"{exc.year}年节假日安排未录入，无法判断工作日；请先在“节假日”页录入，"
                          "或取消“只安排工作日”", fields={"workdays_only": "节假日安排未录入"}
                          ) from None
    if not chosen:
        raise DomainError("所选日期内没有工作日", fields={"start": "所选日期内没有工作日"})
    return chosen


def assign(actor: Actor, days: list[date], leader: Leader, now: datetime) -> list[DutyLeader]:
    """Make `leader` the duty leader on each of `days`, replacing whoever was set."""
    existing = {row.day: row for row in db.session.scalars(
        select(DutyLeader).where(DutyLeader.day.in_(days)))}
    before = {day.isoformat(): row.audit_dict() for day, row in existing.items()}
    rows = []
    try:
        with db.session.begin_nested():
            for day in days:
                row = existing.get(day) or DutyLeader(day=day)
                row.name, row.title, row.phone = leader.name, leader.title, leader.phone
                row.updated_at, row.updated_by = now, actor.username
                db.session.add(row)
                rows.append(row)
    except IntegrityError:
        raise Conflict("其他人刚刚修改了同一日期，请刷新后重试") from None
    record(actor, "roster.assign", label=_label(days), before=before or None,
           after={"days": [d.isoformat() for d in days], "name": leader.name,
                  "title": leader.title, "phone": rows[0].audit_dict()["phone"]})
    return rows


def _label(days: list[date]) -> str:
    first, last = days[0].isoformat(), days[-1].isoformat()
    return f"带班领导 {first}" if first == last else f"带班领导 {first}～{last}（{len(days)}天）"


def remove(actor: Actor, entry: DutyLeader) -> None:
    """Take one date's leader off the roster."""
    before = entry.audit_dict()
    db.session.delete(entry)
    db.session.flush()
    record(actor, "roster.remove", label=str(entry), before=before)


def leader_on(day: date) -> DutyLeader | None:
    return db.session.scalar(select(DutyLeader).where(DutyLeader.day == day))


def public_leader(day: date) -> dict | None:
    """{"name", "title"} of the day's leader for the lobby, or None (never the phone)."""
    entry = leader_on(day)
    return entry.public_dict() if entry else None


def weeks(start: date, count: int = 4) -> list[list[dict]]:
    """`count` weeks from the Monday of `start`: each day with its leader and whether the
    hall works that day (None when the year's calendar is not loaded)."""
    monday = start - timedelta(days=start.weekday())
    days = [monday + timedelta(days=n) for n in range(7 * count)]
    found = {row.day: row for row in db.session.scalars(
        select(DutyLeader).where(DutyLeader.day.between(days[0], days[-1])))}
    calendar = load_calendar()
    rows = [{"day": day, "leader": found.get(day),
             "workday": calendar.is_workday(day) if calendar.covers(day) else None}
            for day in days]
    return [rows[n:n + 7] for n in range(0, len(rows), 7)]
