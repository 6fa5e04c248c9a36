"""Appointments (预约办理, docs/rules.md §8): slots, booking, cancelling, check-in, no-shows.

Slots come from each category's weekly templates on the hall's working days (a holiday has
none, a 调休 make-up day has Monday's), kept within the day's opening sessions, unless an
exception closes the date or changes its places. They are written as rows (`slot`) the
first time a date is asked for, so that each has an id and a `booked` count.

The races are decided by the database:
- the last place: `UPDATE slot SET booked = booked + 1 WHERE id = :id AND booked < capacity`
  (no row changed: slot_full), and the CHECK booked <= capacity backs it up;
- one booked appointment per person and category: a partial unique index;
- the weekly limit: counted after the person's bookings are serialised (PostgreSQL: a
  transaction-scoped advisory lock on the 身份证号, taken before the slot's row lock, always
  in that order, so that the slot's row is held only at the end of the transaction; SQLite:
  the slot's UPDATE comes first and takes the one write lock).

Services validate, change state, audit, enqueue the SMS and flush; the caller commits.
"""
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from hall.appointments.models import (
    Appointment,
    NoShowBlock,
    Slot,
    SlotException,
    SlotTemplate,
)
from hall.calendar import workdays
from hall.calendar.models import CalendarDay, CalendarYear
from hall.calendar.statutory import holiday_dates
from hall.core import cache, clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, NotFound
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.masking import mask_id
from hall.core.text import clean_text
from hall.core.validators import (
    MOBILE,
    id_number_problem,
    normalize_id_number,
    normalize_phone,
    phone_problem,
    plain_text,
)
from hall.events.services import publish
from hall.hours import rules as hour_rules
from hall.hours import services as hours
from hall.hours.models import SpecialDay
from hall.notify import messages, outbox
from hall.queue.models import Category, Ticket
from hall.queue.tickets import issue_ticket
from hall.settings import services as settings
from hall.web import ratelimit

SYSTEM = Actor.system("appointments")
CODE_DIGITS = 8
NAME_LENGTH = 40
WEEKDAY_NAMES = "一二三四五六日"
COUNTED_STATUSES = ("booked", "checked_in", "no_show")   # what the weekly limit counts


# --- time helpers ------------------------------------------------------------------------

def at_local(day: date, hhmm: str) -> datetime:
    """A hall-local date and "HH:MM" as an aware UTC moment."""
    minutes = hour_rules.parse_minutes(hhmm)
    moment = datetime.combine(day, time(0, 0), tzinfo=clock.hall_zone())
    return (moment + timedelta(minutes=minutes)).astimezone(UTC)


def local_text(moment: datetime, fmt: str = "%H:%M") -> str:
    return clock.local(moment).strftime(fmt)


def day_text(day: date) -> str:
    """12月05日（星期六）."""
    return f"{day.month:02d}月{day.day:02d}日（星期{WEEKDAY_NAMES[day.weekday()]}）"


# --- which days and slots -----------------------------------------------------------------

@dataclass(frozen=True)
class PlannedSlot:
    """A slot the templates give a date: its times and places."""

    start: str
    end: str
    capacity: int


def _day_calendar(day: date) -> workdays.Calendar:
    """The calendar as far as this date goes; an unloaded year counts on the statutory
    holidays (no make-up days), as provisional deadlines do."""
    marked = db.session.get(CalendarDay, day)
    loaded = db.session.get(CalendarYear, day.year) is not None
    return workdays.Calendar.of(
        holidays=[day] if marked and marked.kind == "holiday" else [],
        makeup_days=[day] if marked and marked.kind == "workday" else [],
        years=[day.year] if loaded else []).with_estimate(holiday_dates)


def template_weekday(day: date) -> int | None:
    """Whose weekday's templates a date takes: its own on a working day, Monday's on a 调休
    make-up day; None when the hall takes no appointments that day (weekend, holiday).
    A special day the manager opened (周末不打烊) takes its own weekday's templates."""
    if db.session.get(SpecialDay, day) is not None:
        return day.weekday() if hours.plan_for(day).is_open else None
    if not _day_calendar(day).is_workday(day):
        return None
    return 0 if day.weekday() >= 5 else day.weekday()


# What a booking checks of its slot's date (templates, exception, calendar, hours) changes
# rarely and is the same for every booking of that date: a process keeps it for a second,
# as the hours do. The manager's changes made in this process forget it at once.
OFFER_SECONDS = 1.0
_offers = cache.Timed("appointments.offers", OFFER_SECONDS, max_entries=256)


def offered_times(category_id: int, day: date) -> frozenset[tuple[str, str]]:
    """The (start, end) of the slots a category offers on a date (cached for a second)."""
    offer = _offers.get((category_id, day))
    if offer is None:
        offer = _remember_offer(category_id, day, planned_slots(category_id, day))
    return offer


def _remember_offer(category_id: int, day: date, planned: list["PlannedSlot"]) -> frozenset:
    offer = frozenset((p.start, p.end) for p in planned)
    _offers.put((category_id, day), offer)
    return offer


def forget_cached() -> None:
    """After templates or exceptions change (other processes wait out the second)."""
    _offers.clear()
    _full_slots.clear()


# A slot found full is refused by each process for a few seconds without asking the
# database, so a crowd racing for its last places costs the database nothing once they are
# gone. Only a shortcut for refusals: a place is given by the guarded UPDATE alone. A place
# freed in another process shows here when the memo runs out; one freed here, at once.
FULL_SECONDS = 2.0
_full_slots = cache.Timed("appointments.full_slots", FULL_SECONDS, max_entries=1024)


def _known_full(slot_id: int) -> bool:
    return _full_slots.get(slot_id) is not None


def _remember_full(slot_id: int) -> None:
    _full_slots.put(slot_id, True)


def _slot_full() -> Conflict:
    return Conflict("该时段已约满，请选择其他时段", code="slot_full")


def planned_slots(category_id: int, day: date) -> list[PlannedSlot]:
    """The slots a category offers on a date, from its templates, the calendar, the hall's
    sessions that day and the date's exception."""
    weekday = template_weekday(day)
    if weekday is None:
        return []
    exception = db.session.scalar(select(SlotException).where(
        SlotException.category_id == category_id, SlotException.day == day))
    if exception is not None and exception.closed:
        return []
    sessions = hours.plan_for(day).sessions
    templates = db.session.scalars(select(SlotTemplate).where(
        SlotTemplate.category_id == category_id, SlotTemplate.weekday == weekday,
        SlotTemplate.active.is_(True)).order_by(SlotTemplate.start_time)).all()
    planned = []
    for template in templates:
        capacity = template.capacity
        if exception is not None and exception.capacity is not None:
            capacity = exception.capacity
        if capacity > 0 and _within(sessions, template.start_time, template.end_time):
            planned.append(PlannedSlot(template.start_time, template.end_time, capacity))
    return planned


def _within(sessions, start: str, end: str) -> bool:
    """Whether [start, end) lies inside one of the day's opening sessions."""
    first, last = hour_rules.parse_minutes(start), hour_rules.parse_minutes(end)
    return any(s.start <= first and last <= s.end for s in sessions)


def slots_for(category: Category, day: date, now: datetime) -> list[Slot]:
    """The date's slots of a category as rows (made on first request), in time order.

    Rows are written only when missing or when a template's places changed (never below
    what is booked), so repeated reads stay reads.
    """
    if not category.is_active:
        return []
    planned = planned_slots(category.id, day)
    _remember_offer(category.id, day, planned)   # the booking that follows needs it too
    if not planned:
        return []
    rows = _existing(category.id, day)
    missing = [p for p in planned if p.start not in rows]
    if missing:
        _insert_slots(category.id, day, missing)
        rows = _existing(category.id, day)
    for plan in planned:
        slot = rows[plan.start]
        if slot.capacity != plan.capacity and slot.end_time == plan.end:
            _set_capacity(slot, plan.capacity)
    return [rows[p.start] for p in planned if rows[p.start].end_time == p.end]


def _existing(category_id: int, day: date) -> dict[str, Slot]:
    query = select(Slot).where(Slot.category_id == category_id, Slot.day == day)
    return {slot.start_time: slot for slot in db.session.scalars(query)}


def _insert_slots(category_id: int, day: date, planned: list[PlannedSlot]) -> None:
    """Insert the missing rows; another request making the same ones at once is no error."""
    connection = db.session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    values = [{"category_id": category_id, "day": day, "start_time": p.start,
               "end_time": p.end, "starts_at": at_local(day, p.start),
               "ends_at": at_local(day, p.end), "capacity": p.capacity, "booked": 0}
              for p in planned]
    connection.execute(insert(Slot).values(values).on_conflict_do_nothing(
        index_elements=["category_id", "day", "start_time"]))


def _set_capacity(slot: Slot, capacity: int) -> None:
    """Follow a changed template; places already booked stay (capacity never below them)."""
    db.session.execute(
        update(Slot).where(Slot.id == slot.id)
        .values(capacity=func.max(Slot.booked, capacity)
                if db.session.connection().dialect.name == "sqlite"
                else func.greatest(Slot.booked, capacity)))
    db.session.refresh(slot)
    _full_slots.clear()


def find_slot(slot_id: int) -> Slot:
    """The slot with its category, in one read."""
    slot = db.session.get(Slot, slot_id, options=[joinedload(Slot.category)])
    if slot is None:
        raise NotFound("没有这个预约时段", code="not_found")
    return slot


# --- the booking window --------------------------------------------------------------------

def booking_window(day: date) -> tuple[datetime, datetime]:
    """[opens, closes): from local midnight `appointment_days_ahead` days before, to the
    `appointment_cutoff` of the day before."""
    opens = at_local(day - timedelta(days=int(settings.get("appointment_days_ahead"))), "00:00")
    closes = at_local(day - timedelta(days=1), settings.get("appointment_cutoff"))
    return opens, closes


def check_bookable(day: date, now: datetime) -> None:
    opens, closes = booking_window(day)
    if now < opens:
        days = int(settings.get("appointment_days_ahead"))
        raise Conflict(f"{day_text(day)}尚未开放预约，可预约今后 {days} 天内的时段",
                       code="booking_closed")
    if now >= closes:
        raise Conflict(f"{day_text(day)}的预约已于前一天 {settings.get('appointment_cutoff')} "
                       "截止，请选择其他日期", code="booking_closed")


def bookable_days(now: datetime) -> list[date]:
    """The dates whose booking window is open now (the phone page's date step)."""
    today = clock.local(now).date()
    ahead = int(settings.get("appointment_days_ahead"))
    candidates = (today + timedelta(days=n) for n in range(1, ahead + 1))
    return [day for day in candidates
            if booking_window(day)[0] <= now < booking_window(day)[1]
            and template_weekday(day) is not None]


# --- who may book ------------------------------------------------------------------------

@dataclass(frozen=True)
class Applicant:
    """Checked and normalised personal data of a booking."""

    name: str
    id_number: str
    phone: str


def check_applicant(name, id_number, phone, now: datetime) -> Applicant:
    """Every field checked at once: a 400 naming each wrong field, nothing stored."""
    problems = {}
    clean_name = clean_text(plain_text(name), multiline=False) if isinstance(name, str) else ""
    if not clean_name:
        problems["name"] = "请填写姓名"
    elif len(clean_name) > NAME_LENGTH:
        problems["name"] = f"姓名不超过 {NAME_LENGTH} 个字"
    number = normalize_id_number(id_number) if isinstance(id_number, str) else ""
    problem = id_number_problem(number[:40], clock.local(now).date())
    if problem:
        problems["id_number"] = problem
    mobile = normalize_phone(phone[:40]) if isinstance(phone, str) else ""
    if not MOBILE.fullmatch(mobile):
        problems["phone"] = phone_problem(mobile) if not mobile else "请填写11位手机号码，用于接收预约短信"
    if problems:
        raise DomainError("；".join(problems.values()), code="invalid", fields=problems)
    return Applicant(clean_name, number, mobile)


def block_in_force(id_number: str, now: datetime) -> NoShowBlock | None:
    return db.session.scalar(select(NoShowBlock).where(
        NoShowBlock.id_number == id_number, NoShowBlock.lifted_at.is_(None),
        NoShowBlock.until > now).order_by(NoShowBlock.until.desc()).limit(1))


def _blocked_until(id_number: str, now: datetime):
    """The end of the longest block in force on a person (a subquery), or NULL."""
    return select(func.max(NoShowBlock.until)).where(
        NoShowBlock.id_number == id_number, NoShowBlock.lifted_at.is_(None),
        NoShowBlock.until > now).scalar_subquery()


def _refuse_blocked(until: datetime) -> None:
    until = clock.local(until)
    raise Conflict(f"因多次预约未到，{until.year}年{until.month}月{until.day}日前不能预约，"
                   "可现场取号办理；如有疑问请到咨询导办窗口", code="blocked")


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the date's week: the weekly limit counts by slot date."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _limit_columns(id_number: str, category_id: int, day: date) -> list:
    """Whether the person holds a booked appointment in the category, and how many
    bookings the weekly limit counts in the date's week (subqueries)."""
    monday, sunday = week_of(day)
    active = exists().where(Appointment.id_number == id_number,
                            Appointment.category_id == category_id,
                            Appointment.status == "booked")
    held = select(func.count()).select_from(Appointment).where(
        Appointment.id_number == id_number, Appointment.day.between(monday, sunday),
        Appointment.status.in_(COUNTED_STATUSES)).scalar_subquery()
    return [active, held]


def _refuse_over_limits(active: bool, held: int) -> None:
    if active:
        raise Conflict("您在该业务已有一个未办理的预约，请先办理或取消后再预约",
                       code="limit_reached")
    limit = int(settings.get("appointment_weekly_limit"))
    if held >= limit:
        raise Conflict(f"同一身份证号每周最多预约 {limit} 次，本周已约满", code="limit_reached")


def _check_standing_and_draw_code(id_number: str, category_id: int, day: date,
                                  now: datetime) -> str:
    """Block, one booking per category and the weekly limit (the person's bookings
    serialised: decisive), and a 预约码 not used before, in one read."""
    for _ in range(20):
        code = _draw_code()
        until, active, held, used = db.session.execute(select(
            _blocked_until(id_number, now), *_limit_columns(id_number, category_id, day),
            exists().where(Appointment.code == code))).one()
        if until is not None:
            _refuse_blocked(until)
        _refuse_over_limits(active, held)
        if not used:
            return code
    raise Conflict("系统繁忙，请重试", code="busy")


def _serialise_person(slot: Slot, id_number: str) -> bool:
    """Make this person's bookings wait for each other until commit; True when that took
    the place. PostgreSQL: an advisory lock on the 身份证号, the booking's first lock, so the
    slot's row, which the whole crowd waits for, can be taken last. SQLite has one writer:
    taking the place takes its lock, for the whole transaction anyway."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                           {"key": "appointment:" + id_number})
        return False
    _take_place(slot)
    return True


# --- booking ---------------------------------------------------------------------------------

def book(slot_id: int, name, id_number, phone, now: datetime, actor: Actor) -> Appointment:
    """Book a place: checks (400), window, block and limits (409), then the last place is
    decided by the database (409 slot_full). Audited and published; the confirmation SMS is
    enqueued in the same transaction.

    Cheap refusals first: a slot this process found full a moment ago is refused without
    a read, a full one after one read; the date's offer is cached; once the person's
    bookings are serialised, block, limits and the new 预约码 are one read. On PostgreSQL
    the place is taken last, so the slot's row, which every booking of the slot waits for,
    is held only by the UPDATE, the audit entry, the event and the COMMIT (locks in the
    order person, slot, audit head, event head).
    """
    applicant = check_applicant(name, id_number, phone, now)
    if _known_full(slot_id):   # a memo for a quick answer; the UPDATE decides
        raise _slot_full()
    slot = find_slot(slot_id)
    if slot.booked >= slot.capacity:   # a read for a quick answer; the UPDATE decides
        _remember_full(slot.id)
        raise _slot_full()
    _check_offered(slot)
    check_bookable(slot.day, now)
    place_taken = _serialise_person(slot, applicant.id_number)
    code = _check_standing_and_draw_code(applicant.id_number, slot.category_id, slot.day, now)
    appointment = Appointment(
        code=code, token=secrets.token_urlsafe(16), slot_id=slot.id,
        category_id=slot.category_id, day=slot.day, name=applicant.name,
        id_number=applicant.id_number, phone=applicant.phone, status="booked", created_at=now)
    appointment.slot, appointment.category = slot, slot.category   # no reads to serialise
    db.session.add(appointment)
    try:
        db.session.flush()
    except IntegrityError:   # the partial unique index: another booking won the race
        raise Conflict("您在该业务已有一个未办理的预约", code="limit_reached") from None
    notify(appointment, "booking_confirmed", now)
    if not place_taken:
        _take_place(slot)
    record(actor, "appointment.booked", appointment, after=appointment.audit_dict(),
           label=str(appointment))
    publish_change(appointment, now)
    return appointment


def _check_offered(slot: Slot) -> None:
    """The slot is still offered: its category open, its template not withdrawn."""
    if (not slot.category.is_active
            or (slot.start_time, slot.end_time) not in offered_times(slot.category_id, slot.day)):
        raise Conflict("该时段已停止预约，请选择其他时段", code="booking_closed")


def _take_place(slot: Slot) -> None:
    taken = db.session.execute(
        update(Slot).where(Slot.id == slot.id, Slot.booked < Slot.capacity)
        .values(booked=Slot.booked + 1)).rowcount
    if taken != 1:
        _remember_full(slot.id)
        raise _slot_full()


def _draw_code() -> str:
    """An 8-digit 预约码: digits only, typed on a kiosk's number pad."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def find_by_token(token) -> Appointment:
    if not isinstance(token, str) or not 10 <= len(token) <= 32:
        raise NotFound("未找到该预约")
    appointment = db.session.scalar(select(Appointment).where(Appointment.token == token))
    if appointment is None:
        raise NotFound("未找到该预约")
    return appointment


# --- cancelling -----------------------------------------------------------------------------

def cancel_deadline(appointment: Appointment) -> datetime:
    minutes = int(settings.get("appointment_cancel_minutes"))
    return appointment.slot.starts_at - timedelta(minutes=minutes)


def cancel(token, now: datetime, actor: Actor) -> Appointment:
    """Cancel a booking until `appointment_cancel_minutes` before its slot; frees the place."""
    appointment = find_by_token(token)
    if appointment.status != "booked":
        raise Conflict(f"该预约{appointment.status_label}，不能取消", code="not_booked")
    deadline = cancel_deadline(appointment)
    if now >= deadline:
        minutes = int(settings.get("appointment_cancel_minutes"))
        raise Conflict(f"预约时段开始前 {minutes} 分钟内不能取消（截止 {local_text(deadline)}）",
                       code="too_late")
    before = appointment.audit_dict()
    changed = db.session.execute(
        update(Appointment).where(Appointment.id == appointment.id,
                                  Appointment.status == "booked")
        .values(status="cancelled", cancelled_at=now)).rowcount
    if changed != 1:
        raise Conflict("该预约的状态刚刚改变，请刷新后再试", code="not_booked")
    _free_place(appointment.slot_id)
    db.session.refresh(appointment)
    record(actor, "appointment.cancelled", appointment, before=before,
           after=appointment.audit_dict(), label=str(appointment))
    publish_change(appointment, now)
    return appointment


def _free_place(slot_id: int) -> None:
    db.session.execute(update(Slot).where(Slot.id == slot_id, Slot.booked > 0)
                       .values(booked=Slot.booked - 1))
    _full_slots.clear()   # this process offers the freed place at once


# --- check-in --------------------------------------------------------------------------------

def checkin_window(appointment: Appointment) -> tuple[datetime, datetime]:
    """[opens, closes]: from `appointment_checkin_before` minutes before the slot starts to
    `appointment_checkin_after` minutes after."""
    starts = appointment.slot.starts_at
    return (starts - timedelta(minutes=int(settings.get("appointment_checkin_before"))),
            starts + timedelta(minutes=int(settings.get("appointment_checkin_after"))))


# Check-in tries per kiosk (or, for other devices, per address), so that a script cannot
# try 预约码 by the thousand. A check-in that succeeds is taken back: only wrong or refused
# tries use the allowance, and a busy kiosk never meets it.
CHECKIN_LIMIT, CHECKIN_WINDOW = 20, 600
KIOSK_CHECKIN_FACTOR = 10


def checkin_allowance(kiosk_id: int | None, address: str, now: datetime) -> ratelimit.Limit:
    """Count a check-in try against its kiosk or address (the caller commits the count at
    once, and refunds it with `ratelimit.refund` when the check-in succeeds)."""
    if kiosk_id is not None:
        return ratelimit.hit(f"appointment-checkin:kiosk:{kiosk_id}",
                             CHECKIN_LIMIT * KIOSK_CHECKIN_FACTOR, CHECKIN_WINDOW, now)
    return ratelimit.hit(f"appointment-checkin:addr:{address}", CHECKIN_LIMIT,
                         CHECKIN_WINDOW, now)


def find_for_check_in(code=None, id_number=None, *, now: datetime) -> Appointment:
    """Today's booking to check in, by 预约码 (or the booking link a scanner types) or by
    身份证号; raises NotFound, or Conflict when it is not today's or not booked."""
    if code is not None:
        appointment = _by_code_or_link(code)
    elif id_number is not None:
        appointment = _by_id_number(id_number, now)
    else:
        raise DomainError("请输入预约码或身份证号", fields={"code": "请输入预约码或身份证号"})
    _check_today(appointment, now)
    return appointment


def _by_code_or_link(code) -> Appointment:
    entered = plain_text(code)[:300] if isinstance(code, str | int) else ""
    if "/book/" in entered:   # a QR scanner types the booking page's link
        return find_by_token(entered.rsplit("/book/", 1)[1].split("?")[0].strip("/"))
    digits = entered.replace(" ", "")
    if not (digits.isdigit() and len(digits) == CODE_DIGITS):
        raise DomainError(f"预约码为 {CODE_DIGITS} 位数字，请核对",
                          fields={"code": f"预约码为 {CODE_DIGITS} 位数字"})
    appointment = db.session.scalar(select(Appointment).where(Appointment.code == digits))
    if appointment is None:
        raise NotFound("未找到该预约码，请核对后重新输入")
    return appointment


def _by_id_number(id_number, now: datetime) -> Appointment:
    number = normalize_id_number(id_number)[:40] if isinstance(id_number, str) else ""
    problem = id_number_problem(number, clock.local(now).date())
    if problem:
        raise DomainError(problem, fields={"id_number": problem})
    today = clock.local(now).date()
    found = db.session.scalars(
        select(Appointment).join(Slot, Slot.id == Appointment.slot_id)
        .where(Appointment.id_number == number, Appointment.day == today,
               Appointment.status == "booked").order_by(Slot.starts_at)).all()
    if not found:
        raise NotFound("今天没有该身份证号的预约")
    # The first whose check-in has not closed yet; else the last (it answers too_late).
    for appointment in found:
        if now <= checkin_window(appointment)[1]:
            return appointment
    return found[-1]


def _check_today(appointment: Appointment, now: datetime) -> None:
    today = clock.local(now).date()
    if appointment.status == "checked_in":
        raise Conflict("该预约已签到，请留意叫号", code="already_checked_in")
    if appointment.status != "booked":
        raise Conflict(f"该预约{appointment.status_label}，请取普通号办理", code="not_booked")
    if appointment.day > today:
        raise Conflict(f"您的预约在{day_text(appointment.day)} {appointment.slot.start_time}，"
                       "请当天再来签到", code="too_early")
    if appointment.day < today:
        raise Conflict("预约日期已过，请取普通号办理", code="too_late")


def check_in(appointment: Appointment, now: datetime, actor: Actor,
             kiosk_id: int | None = None) -> Ticket:
    """Check in within the window: the booking turns checked_in and a ticket is issued that
    is called after the green channel and before walk-ins of the category."""
    _check_today(appointment, now)
    opens, closes = checkin_window(appointment)
    if now < opens:
        raise Conflict(f"预约时段 {appointment.slot.start_time} 开始，请于 {local_text(opens)} "
                       "后签到", code="too_early")
    if now > closes:
        raise Conflict(f"已超过签到时间（{local_text(closes)}），请取普通号办理", code="too_late")
    before = appointment.audit_dict()
    changed = db.session.execute(
        update(Appointment).where(Appointment.id == appointment.id,
                                  Appointment.status == "booked")
        .values(status="checked_in", checked_in_at=now)).rowcount
    if changed != 1:
        raise Conflict("该预约已签到，请留意叫号", code="already_checked_in")
    category = db.session.get(Category, appointment.category_id)
    ticket = issue_ticket(category, now, kiosk_id=kiosk_id, actor=actor,
                          appointment_code=appointment.code)
    db.session.execute(update(Appointment).where(Appointment.id == appointment.id)
                       .values(ticket_id=ticket.id))
    db.session.refresh(appointment)
    record(actor, "appointment.checked_in", appointment, before=before,
           after=appointment.audit_dict(), label=str(appointment))
    publish_change(appointment, now)
    return ticket


# --- no-shows and blocks ------------------------------------------------------------------------

def mark_no_shows(now: datetime) -> int:
    """Bookings whose check-in window has closed become no-shows; people with
    `appointment_noshow_limit` of them in `appointment_noshow_days` are blocked for
    `appointment_block_days`. Returns how many bookings were marked."""
    after = timedelta(minutes=int(settings.get("appointment_checkin_after")))
    overdue = db.session.execute(
        select(Appointment.id, Appointment.id_number, Appointment.code, Appointment.day,
               Appointment.slot_id, Slot.starts_at, Slot.ends_at, Category.code.label("category"))
        .join(Slot, Slot.id == Appointment.slot_id)
        .join(Category, Category.id == Appointment.category_id)
        .where(Appointment.status == "booked", Slot.starts_at < now - after)
        .order_by(Appointment.id)).all()
    if not overdue:
        return 0
    ids = [row.id for row in overdue]
    for chunk in range(0, len(ids), 500):
        db.session.execute(update(Appointment).where(
            Appointment.id.in_(ids[chunk:chunk + 500]), Appointment.status == "booked")
            .values(status="no_show", no_show_at=now))
    record(SYSTEM, "appointment.no_shows", label=f"{len(ids)} 个预约未到",
           after={"codes": sorted(row.code for row in overdue)})
    for row in overdue:
        publish(CHANGED_EVENT, change_payload(row.id, row.category, row.day, row.slot_id,
                                              row.starts_at, row.ends_at, "no_show"), now)
    for id_number in sorted({row.id_number for row in overdue}):
        block_if_due(id_number, now)
    return len(ids)


def block_if_due(id_number: str, now: datetime) -> NoShowBlock | None:
    """Block a person whose no-shows since their last block reach the limit within the
    period; the no-shows that led to a block never count towards another."""
    if block_in_force(id_number, now) is not None:
        return None
    days = int(settings.get("appointment_noshow_days"))
    since = clock.local(now).date() - timedelta(days=days)
    last_block = db.session.scalar(select(func.max(NoShowBlock.since)).where(
        NoShowBlock.id_number == id_number))
    conditions = [Appointment.id_number == id_number, Appointment.status == "no_show",
                  Appointment.day >= since]
    if last_block is not None:
        conditions.append(Appointment.no_show_at > last_block)
    missed = db.session.execute(
        select(func.count(), func.max(Appointment.name)).where(and_(*conditions))).one()
    if missed[0] < int(settings.get("appointment_noshow_limit")):
        return None
    block = NoShowBlock(id_number=id_number, name=missed[1] or "", no_shows=missed[0],
                        since=now, lifted_by="",
                        until=now + timedelta(days=int(settings.get("appointment_block_days"))))
    db.session.add(block)
    db.session.flush()
    record(SYSTEM, "appointment.blocked", block, after=block.audit_dict(), label=str(block))
    return block


def blocks(now: datetime, include_lifted: bool = False) -> list[NoShowBlock]:
    """Blocks in force (or every block, newest first) for the manager's page."""
    query = select(NoShowBlock).order_by(NoShowBlock.since.desc())
    if not include_lifted:
        query = query.where(NoShowBlock.lifted_at.is_(None), NoShowBlock.until > now)
    return list(db.session.scalars(query))


def find_block(block_id: int) -> NoShowBlock:
    block = db.session.get(NoShowBlock, block_id)
    if block is None:
        raise NotFound("没有这条预约限制")
    return block


def lift_block(block: NoShowBlock, actor: Actor, now: datetime) -> NoShowBlock:
    """The manager lifts a block before its end; audited."""
    if not block.in_force(now):
        raise Conflict("该限制已解除或已到期", code="not_blocked")
    before = block.audit_dict()
    block.lifted_at, block.lifted_by = now, actor.username[:40]
    db.session.flush()
    record(actor, "appointment.block_lifted", block, before=before, after=block.audit_dict(),
           label=str(block))
    return block


# --- events for the dashboard and the screens --------------------------------------------

CHANGED_EVENT = "appointment.changed"


def change_payload(appointment_id: int, category_code: str, day: date, slot_id: int,
                   starts_at: datetime, ends_at: datetime, status: str) -> dict:
    """What screens may know of a booking: ids, category, slot times and status; never
    who booked (no name, 身份证号, mobile, 预约码 or token)."""
    return {"id": appointment_id, "category": category_code, "day": day.isoformat(),
            "slot": {"id": slot_id, "start": clock.local(starts_at).isoformat(),
                     "end": clock.local(ends_at).isoformat()},
            "status": status}


def publish_change(appointment: Appointment, now: datetime) -> None:
    """Publish a booking's new status in the caller's transaction (after its audit entry:
    the journal's order of heads)."""
    slot = appointment.slot
    publish(CHANGED_EVENT, change_payload(
        appointment.id, appointment.category.code, appointment.day, slot.id, slot.starts_at,
        slot.ends_at, appointment.status), now)


# --- notifications ------------------------------------------------------------------------

def message_text(appointment: Appointment, kind: str) -> str:
    """The SMS text of a booking_confirmed or booking_reminder, in hall-local times."""
    category = db.session.get(Category, appointment.category_id)
    slot = appointment.slot
    fields = {"category": category.name, "start": clock.local(slot.starts_at),
              "end": clock.local(slot.ends_at), "code": appointment.code}
    if kind == "booking_confirmed":
        fields["before"] = int(settings.get("appointment_checkin_before"))
        fields["after"] = int(settings.get("appointment_checkin_after"))
    return messages.build(kind, settings.get("hall_name"), **fields)


def notify(appointment: Appointment, kind: str, now: datetime) -> bool:
    """Enqueue one SMS about a booking; the key makes a second call a no-op."""
    key = f"appointment:{appointment.id}:{kind}"
    return bool(outbox.enqueue(kind, appointment.phone, message_text(appointment, kind),
                               key, now))


def send_reminders(now: datetime) -> int:
    """From `appointment_reminder_time`, enqueue the reminder of each of tomorrow's
    bookings (once each: the outbox key). A periodic producer of the notify worker."""
    local = clock.local(now)
    if hour_rules.minutes_of(local) < hour_rules.parse_minutes(
            settings.get("appointment_reminder_time")):
        return 0
    tomorrow = local.date() + timedelta(days=1)
    due = db.session.scalars(select(Appointment).where(
        Appointment.day == tomorrow, Appointment.status == "booked")).all()
    return sum(notify(appointment, "booking_reminder", now) for appointment in due)


def sweep(now: datetime) -> int:
    """The no-show sweep as a periodic producer."""
    return mark_no_shows(now)


PRODUCERS = (("appointment_reminders", send_reminders), ("appointment_no_shows", sweep))


# --- the day's bookings (staff) and the manager's templates ------------------------------

def bookings_of(day: date, category_ids: list[int] | None = None) -> list[Appointment]:
    """A day's bookings in slot order, optionally of some categories only."""
    query = (select(Appointment).join(Slot, Slot.id == Appointment.slot_id)
             .where(Appointment.day == day).order_by(Slot.starts_at, Appointment.id))
    if category_ids is not None:
        query = query.where(Appointment.category_id.in_(category_ids))
    return list(db.session.scalars(query))


def templates_of(category_id: int) -> list[SlotTemplate]:
    return list(db.session.scalars(select(SlotTemplate).where(
        SlotTemplate.category_id == category_id)
        .order_by(SlotTemplate.weekday, SlotTemplate.start_time)))


def exceptions_of(category_id: int, start: date | None = None) -> list[SlotException]:
    query = select(SlotException).where(SlotException.category_id == category_id)
    if start is not None:
        query = query.where(SlotException.day >= start)
    return list(db.session.scalars(query.order_by(SlotException.day)))


def _checked_times(start: str, end: str) -> tuple[str, str]:
    try:
        first, last = hour_rules.parse_minutes(start), hour_rules.parse_minutes(end)
    except hour_rules.HoursError as exc:
        raise DomainError(str(exc), fields={"start": str(exc)}) from None
    if last <= first:
        raise DomainError("结束时间须晚于开始时间", fields={"end": "结束时间须晚于开始时间"})
    return hour_rules.format_minutes(first), hour_rules.format_minutes(last)


def save_template(actor: Actor, category: Category, weekday: int, start: str, end: str,
                  capacity: int, active: bool = True,
                  template: SlotTemplate | None = None) -> SlotTemplate:
    """Add or change one weekday slot of a category; audited."""
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise DomainError("星期不正确", fields={"weekday": "星期不正确"})
    if not isinstance(capacity, int) or not 1 <= capacity <= 999:
        raise DomainError("每个时段可约人数须在 1 到 999 之间", fields={"capacity": "须在 1 到 999 之间"})
    start, end = _checked_times(start, end)
    clash = db.session.scalar(select(SlotTemplate).where(
        SlotTemplate.category_id == category.id, SlotTemplate.weekday == weekday,
        SlotTemplate.start_time < end, SlotTemplate.end_time > start))
    if clash is not None and clash is not template:
        raise DomainError(f"与已有时段 {clash.start_time}-{clash.end_time} 重叠",
                          fields={"start": "时段重叠"})
    before = template.audit_dict() if template is not None else None
    template = template or SlotTemplate(category_id=category.id)
    template.weekday, template.start_time, template.end_time = weekday, start, end
    template.capacity, template.active = capacity, active
    db.session.add(template)
    db.session.flush()
    record(actor, "appointment.template", template, before=before, after=template.audit_dict(),
           label=f"{category.name} {template}")
    forget_cached()
    return template


def delete_template(actor: Actor, template: SlotTemplate) -> None:
    """Withdraw a weekday slot; bookings already made on its dates stay valid."""
    record(actor, "appointment.template_delete", template, before=template.audit_dict(),
           label=str(template))
    db.session.delete(template)
    db.session.flush()
    forget_cached()


def save_exception(actor: Actor, category: Category, day: date, closed: bool,
                   capacity: int | None = None, label: str = "") -> SlotException:
    """A date on which the category takes no appointments, or another number per slot."""
    if not closed and (not isinstance(capacity, int) or not 0 <= capacity <= 999):
        raise DomainError("请填写当天每个时段可约人数（0 到 999），或设为全天不预约",
                          fields={"capacity": "须在 0 到 999 之间"})
    row = db.session.scalar(select(SlotException).where(
        SlotException.category_id == category.id, SlotException.day == day))
    before = row.audit_dict() if row is not None else None
    row = row or SlotException(category_id=category.id, day=day)
    row.closed, row.capacity = closed, None if closed else capacity
    row.label = clean_text(label or "", multiline=False)[:40]
    db.session.add(row)
    db.session.flush()
    record(actor, "appointment.exception", row, before=before, after=row.audit_dict(),
           label=f"{category.name} {row}")
    forget_cached()
    return row


def delete_exception(actor: Actor, exception: SlotException) -> None:
    record(actor, "appointment.exception_delete", exception, before=exception.audit_dict(),
           label=str(exception))
    db.session.delete(exception)
    db.session.flush()
    forget_cached()


def masked_id(appointment: Appointment) -> str:
    return mask_id(appointment.id_number)
