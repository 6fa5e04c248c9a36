"""What the appointment pages read and say: the categories and days open for booking, a
booking's masked view with its check-in window, and the Chinese words for each refusal.

The rules themselves (who may book which slot, when to cancel or check in) are the
service's; this module only shows them and finds the rows the pages name.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from hall.appointments import services
from hall.appointments.api import BOOKING_WINDOW_SECONDS, BOOKINGS_PER_ADDRESS
from hall.appointments.models import Appointment, Slot, SlotTemplate
from hall.calendar.services import weekday_name
from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.masking import mask_id, mask_name, mask_phone
from hall.core.validators import normalize_id_number, plain_text
from hall.queue.kiosks import current_kiosk
from hall.queue.models import Category
from hall.settings import services as settings
from hall.web import ratelimit
from hall.web.helpers import client_address

ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
LATE_CODES = ("too_late", "not_booked")
FIX_FIELDS = "预约未成功：请按红色提示修改后再提交，尚未保存任何信息。"


@dataclass(frozen=True)
class DayChoice:
    day: date
    left: int
    slots: int

    @property
    def full(self) -> bool:
        return self.left <= 0


def rules() -> dict:
    """The settings the pages explain (days ahead, cutoff, cancelling, check-in, no-shows)."""
    keys = ("days_ahead", "cutoff", "cancel_minutes", "weekly_limit", "checkin_before",
            "checkin_after", "noshow_limit", "noshow_days", "block_days")
    return {key: settings.get("appointment_" + key) for key in keys}


# -- Categories and days ---------------------------------------------------------------------

def booking_categories() -> list[Category]:
    """Active queue categories with at least one active slot row, in the kiosk's order."""
    offered = select(SlotTemplate.category_id).where(SlotTemplate.active.is_(True))
    return list(db.session.scalars(select(Category).where(
        Category.is_active.is_(True), Category.id.in_(offered))
        .order_by(Category.sort_order, Category.code)))


def booking_category(code: str) -> Category | None:
    return next((c for c in booking_categories() if c.code == code[:40]), None)


def offered_category_ids() -> set[int]:
    """For the guide and the kiosk: which categories show 预约办理."""
    return {category.id for category in booking_categories()}


def bookable_days(category: Category, now: datetime) -> list[DayChoice]:
    """The dates open for booking on which the category has slots, with places left."""
    found = []
    for day in services.bookable_days(now):
        slots = services.slots_for(category, day, now)
        if slots:
            found.append(DayChoice(day, sum(s.left for s in slots), len(slots)))
    return found


def is_bookable_day(category: Category, day: date, now: datetime) -> bool:
    return day in services.bookable_days(now) and bool(services.slots_for(category, day, now))


def day_closed_message(day: date, now: datetime) -> str:
    if day not in services.bookable_days(now):
        return (f"{day_label(day)}不在可预约范围内：可预约 {settings.get('appointment_days_ahead')} "
                f"天内的工作日，最晚在前一天 {settings.get('appointment_cutoff')} 前预约")
    return f"{day_label(day)}不开放预约（节假日或暂停预约），请选择其他日期"


def day_label(day: date) -> str:
    return f"{day.month}月{day.day}日（{weekday_name(day)}）"


# -- One booking -------------------------------------------------------------------------------

def slot(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id)


def by_token(token: str) -> Appointment | None:
    return db.session.scalar(select(Appointment).where(Appointment.token == token[:64]))


def view(appointment: Appointment, now: datetime | None = None) -> dict:
    """The booking as its public page shows it: masked, with what to do and until when."""
    now = now or clock.now()
    slot = appointment.slot
    opens, closes = services.checkin_window(appointment)
    deadline = services.cancel_deadline(appointment)
    return {
        "code": appointment.code, "status": appointment.status,
        "status_label": appointment.status_label, "category": appointment.category.name,
        "day": day_label(appointment.day), "time": f"{slot.start_time}–{slot.end_time}",
        "name": mask_name(appointment.name), "id_number": mask_id(appointment.id_number),
        "phone": mask_phone(appointment.phone),
        "check_in": f"{_hm(opens)}–{_hm(closes)}",
        "cancel_until": f"{clock.local(deadline).month}月{clock.local(deadline).day}日 {_hm(deadline)}",
        "can_cancel": appointment.status == "booked" and now < deadline,
        "cancel_closed": appointment.status == "booked" and now >= deadline,
    }


def _hm(moment: datetime) -> str:
    local = clock.local(moment)
    return f"{local.hour}:{local.minute:02d}"


def refusal_message(exc: DomainError) -> str:
    """A refusal for the page's top: the service's words, or, when fields are wrong (their
    messages are beside them), what to do."""
    return FIX_FIELDS if exc.fields else exc.message


def booking_refused(now: datetime) -> str:
    """The API's limit on bookings per client address, counted on the same key; "" when
    this booking may go ahead (a registered kiosk is never limited)."""
    if current_kiosk() is not None:
        return ""
    verdict = ratelimit.hit(f"appointment-book:{client_address()}", BOOKINGS_PER_ADDRESS,
                            BOOKING_WINDOW_SECONDS, now)
    if verdict.allowed:
        return ""
    return (f"本设备预约次数过多，请 {ratelimit.minutes(verdict.retry_after)} 分钟后再试，"
            "或到大厅咨询导办窗口预约")


def slot_refusal(slot: Slot, now: datetime) -> str:
    """Said before the form when the chosen slot can no longer be booked."""
    try:
        services.check_bookable(slot.day, now)
    except DomainError as exc:
        return exc.message
    return "该时段已约满，请返回选择其他时段" if slot.left <= 0 else ""


def same_person_booking(exc: DomainError, slot: Slot, data: dict) -> Appointment | None:
    """After 'one booking per category': the booking the same person (same 身份证号, name
    and mobile, as a double submit sends) already holds, to show instead of an error.
    Someone who only knows another's 身份证号 learns nothing more than the refusal."""
    if exc.code != "limit_reached":
        return None
    found = db.session.scalar(select(Appointment).where(
        Appointment.id_number == normalize_id_number(data.get("id_number")),
        Appointment.category_id == slot.category_id, Appointment.status == "booked"))
    if found is None or plain_text(found.name) != plain_text(data.get("name")):
        return None
    return found if re.sub(r"\D", "", found.phone)[-11:] == re.sub(
        r"\D", "", data.get("phone") or "")[-11:] else None


# -- 预约签到 -----------------------------------------------------------------------------------

def parse_entry(entry: str) -> dict:
    """What the field holds: a 身份证号, or a 预约码 or a scanned booking link (the service
    reads both)."""
    text = plain_text(entry)
    compact = re.sub(r"\s", "", text).upper()
    if ID_SHAPE.fullmatch(compact):
        return {"id_number": compact}
    return {"code": text}


EMPTY_ENTRY = "请先输入预约码或身份证号，或扫描预约二维码"


def entry_is_empty(entry: str) -> bool:
    """Nothing typed or scanned: no try to count."""
    return not any(parse_entry(entry).values())


def find_for_check_in(entry: str, now: datetime) -> Appointment:
    if entry_is_empty(entry):
        raise DomainError(EMPTY_ENTRY, code="empty")
    return services.find_for_check_in(now=now, **parse_entry(entry))


def check_in_message(exc: DomainError) -> str:
    """The service's words; an empty entry or a wrong shape says what to type."""
    return exc.message


def late_category(exc: DomainError, entry: str) -> Category | None:
    """Too late to check in: the category to offer a normal ticket in."""
    if exc.code not in LATE_CODES:
        return None
    parsed = parse_entry(entry)
    text = parsed.get("code", "")
    if "/book/" in text:
        query = select(Appointment).where(
            Appointment.token == text.rsplit("/book/", 1)[1].split("?")[0].strip("/")[:64])
    elif "id_number" in parsed:
        query = select(Appointment).where(Appointment.id_number == parsed["id_number"])
    else:
        query = select(Appointment).where(Appointment.code == text.replace(" ", "")[:16])
    found = db.session.scalars(query.order_by(Appointment.day.desc(), Appointment.id.desc())).first()
    return found.category if found else None


def shown_entry(entry: str) -> str:
    """The entry put back in the field after a refusal: a 预约码 to correct; never a
    身份证号 or a link on a public screen."""
    text = plain_text(entry).replace(" ", "")
    return text[:16] if text.isdigit() and len(text) <= 16 else ""
