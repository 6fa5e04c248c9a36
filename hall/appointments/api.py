"""The appointments' part of /api/v1 (docs/api.md, 预约办理): slots, booking, the booking by
its token, cancelling, check-in at the kiosk, and the day's bookings for staff."""
from datetime import date, timedelta

from flask import g, request
from sqlalchemy import select

from hall.appointments import services
from hall.appointments.presenters import booking_dict, new_booking_dict, slot_dict
from hall.calendar.services import parse_date
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError, Forbidden, NotFound
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.queue.kiosks import current_kiosk
from hall.queue.models import Category
from hall.queue.presenters import ticket_dict
from hall.settings import services as settings
from hall.web import ratelimit
from hall.web.access import public
from hall.web.api import api_actor, bp, spec, token_required
from hall.web.helpers import client_address
from hall.web.responses import error, json_body
from hall.windows.models import windows_of

STAFF = Permission.SERVE_WINDOW | Permission.MANAGE_HALL
# Bookings per client address (registered kiosks excepted): enough for a family at one
# phone, too few for a script to empty a day's slots.
BOOKINGS_PER_ADDRESS = 10
BOOKING_WINDOW_SECONDS = 3600
MAX_ID = 2 ** 63 - 1
EARLIEST_LISTED = date(2000, 1, 1)


def _date_arg(name: str = "date") -> date:
    value = request.args.get(name, "")
    try:
        return parse_date(value[:20])
    except ValueError:
        raise DomainError("日期格式应为 YYYY-MM-DD，例如 2026-12-07",
                          fields={name: "日期格式应为 YYYY-MM-DD"}) from None


def _category_arg(required: bool = True) -> Category | None:
    code = request.args.get("category", "")
    if not code:
        if required:
            raise DomainError("请选择业务类别", fields={"category": "请选择业务类别"})
        return None
    category = db.session.scalar(select(Category).where(Category.code == code[:20]))
    if category is None:
        raise NotFound("没有这个业务类别", code="unknown_category")
    return category


@bp.get("/appointments/slots")
@public
def list_slots():
    category, day = _category_arg(), _date_arg()
    now = clock.now()
    today = clock.local(now).date()
    last = today + timedelta(days=int(settings.get("appointment_days_ahead")))
    if not today <= day <= last:
        raise DomainError(f"只能查询今天至 {last.isoformat()} 的预约时段",
                          fields={"date": "超出可预约的日期范围"})
    slots = services.slots_for(category, day, now)
    return {"category": category.code, "date": day.isoformat(),
            "slots": [slot_dict(slot) for slot in slots]}


def _slot_id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise DomainError("请选择预约时段", fields={"slot_id": "请选择预约时段"})
    return value


def _booking_allowed(now) -> ratelimit.Limit | None:
    """Counted first (the house rule); None when allowed."""
    if current_kiosk() is not None:
        return None
    verdict = ratelimit.hit(f"appointment-book:{client_address()}", BOOKINGS_PER_ADDRESS,
                            BOOKING_WINDOW_SECONDS, now)
    return None if verdict.allowed else verdict


@bp.post("/appointments")
@public
def book():
    data = json_body()
    slot_id = _slot_id(data.get("slot_id"))
    now = clock.now()
    refused = _booking_allowed(now)
    if refused is not None:
        keep_counted()
        return ratelimit.too_many(refused.retry_after)
    appointment = services.book(slot_id, data.get("name"), data.get("id_number"),
                                data.get("phone"), now, api_actor())
    answer = new_booking_dict(appointment)   # from what the booking holds: no reads after
    db.session.commit()   # first: the slot's row lock is held as briefly as possible
    return answer, 201


@bp.get("/appointments/<token>")
@public
def get_booking(token: str):
    return booking_dict(services.find_by_token(token), masked=True)


@bp.delete("/appointments/<token>")
@public
def cancel_booking(token: str):
    appointment = services.cancel(token, clock.now(), api_actor())
    return booking_dict(appointment, masked=True)


def too_many_check_ins(retry_after: int):
    """429 for a kiosk or address that made too many wrong check-in tries."""
    seconds = max(1, int(retry_after))
    response, status = error(
        429, "too_many_requests",
        f"签到尝试次数过多，请 {ratelimit.minutes(seconds)} 分钟后再试，或到咨询导办窗口办理")
    response.headers["Retry-After"] = str(seconds)
    return response, status


@bp.post("/appointments/check-in")
@public
def check_in():
    data = json_body()
    now = clock.now()
    kiosk = current_kiosk()
    kiosk_id = kiosk.id if kiosk is not None else None
    verdict = services.checkin_allowance(kiosk_id, client_address(), now)
    keep_counted()   # every try counts at once, a refused one too (a check-in takes it back)
    if not verdict.allowed:
        return too_many_check_ins(verdict.retry_after)
    code, id_number = data.get("code"), data.get("id_number")
    if code is None and id_number is None:
        raise DomainError("请输入预约码或身份证号", fields={"code": "请输入预约码或身份证号"})
    appointment = services.find_for_check_in(code=code, id_number=id_number, now=now)
    ticket = services.check_in(appointment, now, api_actor(), kiosk_id=kiosk_id)
    ratelimit.refund(verdict)   # a good check-in does not use the allowance
    db.session.commit()   # first, like issuing any ticket: the line's locks go at once
    return {**ticket_dict(ticket), "appointment": appointment.code}, 201


def _visible_categories(user, category: Category | None) -> list[int] | None:
    """Managers see every category; staff the categories of the windows they sit at."""
    if user.can(Permission.MANAGE_HALL):
        return [category.id] if category is not None else None
    mine = {c.id for window in windows_of(user) for c in window.categories}
    if category is not None:
        if category.id not in mine:
            raise Forbidden("只能查看本人窗口所办业务的预约", code="not_your_category")
        return [category.id]
    return sorted(mine)


@bp.get("/appointments")
@token_required(STAFF)
def list_bookings():
    day = _date_arg()
    today = clock.local(clock.now()).date()
    if not EARLIEST_LISTED <= day <= today + timedelta(days=366):
        raise DomainError("日期超出范围", fields={"date": "日期超出范围"})
    category_ids = _visible_categories(g.api_user, _category_arg(required=False))
    bookings = services.bookings_of(day, category_ids)
    return {"date": day.isoformat(),
            "appointments": [booking_dict(a, masked=False) for a in bookings]}


# --- OpenAPI ---------------------------------------------------------------------------------

_SLOT = {"type": "object", "properties": {
    "id": {"type": "integer"}, "start": {"type": "string", "format": "date-time"},
    "end": {"type": "string", "format": "date-time"}, "capacity": {"type": "integer"},
    "left": {"type": "integer"}}}
_SLOT_TIMES = {"type": "object", "properties": {
    "id": {"type": "integer"}, "start": {"type": "string", "format": "date-time"},
    "end": {"type": "string", "format": "date-time"}}}
_STATUS = {"type": "string", "enum": ["booked", "checked_in", "cancelled", "no_show"]}
_BOOKING = {"type": "object", "properties": {
    "code": {"type": "string", "description": "预约码（8 位数字）"},
    "token": {"type": "string", "description": "预约页面凭证（仅公开接口返回）"},
    "category": {"type": "string"}, "category_name": {"type": "string"},
    "day": {"type": "string", "format": "date"}, "slot": spec.ref("AppointmentSlotTimes"),
    "status": _STATUS, "status_label": {"type": "string"},
    "name": {"type": "string", "description": "公开接口脱敏（张*）"},
    "id_number": {"type": "string", "description": "公开接口脱敏（110105********002X）"},
    "phone": {"type": "string", "description": "公开接口脱敏（138****1234）"},
    "created_at": {"type": "string", "format": "date-time"},
    "checked_in_at": {"type": "string", "format": "date-time", "nullable": True},
    "cancelled_at": {"type": "string", "format": "date-time", "nullable": True},
    "url": {"type": "string"},
    "id": {"type": "integer", "description": "仅工作人员接口"},
    "ticket_id": {"type": "integer", "nullable": True, "description": "仅工作人员接口"}}}
_NEW_BOOKING = {"type": "object", "properties": {
    "code": {"type": "string"}, "token": {"type": "string"}, "category": {"type": "string"},
    "slot": spec.ref("AppointmentSlotTimes"), "status": {"type": "string", "enum": ["booked"]},
    "url": {"type": "string"}}}
spec.add_schemas({"AppointmentSlot": _SLOT, "AppointmentSlotTimes": _SLOT_TIMES,
                  "Appointment": _BOOKING, "NewAppointment": _NEW_BOOKING})
_TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
_DATE = {"name": "date", "in": "query", "required": True,
         "schema": {"type": "string", "format": "date"}}


def _category_param(required: bool) -> dict:
    return {"name": "category", "in": "query", "required": required,
            "schema": {"type": "string"}, "description": "排队业务类别代码"}


spec.add_paths({
    "/api/v1/appointments/slots": {"get": {
        "summary": "某业务某日的预约时段与剩余名额（非工作日为空）", "tags": ["appointments"],
        "parameters": [_category_param(True), _DATE],
        "responses": {"200": spec.json_response("时段", {"type": "object", "properties": {
            "category": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "slots": {"type": "array", "items": spec.ref("AppointmentSlot")}}}),
            **spec.error_responses(404)}}},
    "/api/v1/appointments": {
        "post": {
            "summary": "预约（姓名、身份证号、手机号）：返回预约码与预约页面", "tags": ["appointments"],
            "requestBody": spec.json_body({"type": "object",
                                           "required": ["slot_id", "name", "id_number", "phone"],
                                           "properties": {
                                               "slot_id": {"type": "integer"},
                                               "name": {"type": "string"},
                                               "id_number": {"type": "string"},
                                               "phone": {"type": "string"}}}),
            "responses": {
                "201": spec.json_response("已预约", spec.ref("NewAppointment")),
                "400": spec.json_response("身份证号（GB 11643）、手机号或姓名不正确，未保存任何内容",
                                          spec.ref("Error")),
                **spec.error_responses(404),
                "409": spec.json_response(
                    "slot_full（已约满）、limit_reached（同一业务已有预约或本周已达上限）、"
                    "booking_closed（不在预约时间内）或 blocked（多次爽约，暂停预约）",
                    spec.ref("Error")),
                "429": spec.json_response("同一地址预约过于频繁", spec.ref("Error"))}},
        "get": {
            "summary": "某日的预约名单（工作人员：本人窗口所办业务；大厅管理员：全部），不脱敏",
            "tags": ["appointments"], "security": [{"bearer": []}],
            "parameters": [_DATE, _category_param(False)],
            "responses": {"200": spec.json_response("预约名单", {"type": "object", "properties": {
                "date": {"type": "string", "format": "date"},
                "appointments": {"type": "array", "items": spec.ref("Appointment")}}}),
                **spec.error_responses(401, 403, 404)}}},
    "/api/v1/appointments/{token}": {
        "get": {
            "summary": "按凭证查看预约（脱敏）", "tags": ["appointments"], "parameters": [_TOKEN],
            "responses": {"200": spec.json_response("预约", spec.ref("Appointment")),
                          **spec.error_responses(404)}},
        "delete": {
            "summary": "取消预约（时段开始前 1 小时截止，可在系统设置中调整）",
            "tags": ["appointments"], "parameters": [_TOKEN],
            "responses": {"200": spec.json_response("已取消", spec.ref("Appointment")),
                          **spec.error_responses(404),
                          "409": spec.json_response("too_late（距开始不足 1 小时）或 not_booked",
                                                    spec.ref("Error"))}}},
    "/api/v1/appointments/check-in": {"post": {
        "summary": "预约签到（预约码、预约页面链接或身份证号）：发一个预约号", "tags": ["appointments"],
        "requestBody": spec.json_body({"type": "object", "properties": {
            "code": {"type": "string", "description": "预约码或扫码得到的预约页面链接"},
            "id_number": {"type": "string"}}}),
        "responses": {
            "201": spec.json_response("号码（同 POST /api/v1/tickets，另有 appointment：预约码）",
                                      spec.ref("Ticket")),
            **spec.error_responses(404),
            "409": spec.json_response(
                "too_early（签到时间未到）、too_late（已过签到时间，请取普通号）、"
                "already_checked_in 或 not_booked", spec.ref("Error")),
            "429": spec.json_response("同一签到机或地址签到失败次数过多（成功签到不计）",
                                      spec.ref("Error"))}}},
})
