"""GET /api/v1/calendar/due: a deadline by the hall's working-day calendar.

Without `provisional=1` a deadline that reaches a year with no schedule is a 409 naming the
year; with it, the provisional date counted on the statutory holidays (docs/rules.md §3).
"""
from datetime import date

from flask import jsonify, request

from hall.calendar import services
from hall.calendar.workdays import CalendarMissing
from hall.core.errors import DomainError
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.input_guard import BadParameter, parse_day

MAX_DAYS = 1000


def _start(text: str) -> date | None:
    """The start within the calendar's range: a year 9999 start would overflow a day later."""
    try:
        return parse_day(text, "start")
    except BadParameter:
        return None


def _days(text: str) -> int | None:
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_DAYS:
        return None
    return int(text)


def due_arguments(args) -> tuple[date, int, bool]:
    """start, days and provisional from the query string, or a 400 naming each bad field."""
    start, days = _start(args.get("start", "")), _days(args.get("days", ""))
    provisional = args.get("provisional", "0")
    fields = {}
    if start is None:
        fields["start"] = "请填写起算日期，格式为 YYYY-MM-DD，须在 2000-01-01 至 2099-12-31 之间"
    if days is None:
        fields["days"] = f"请填写工作日数，须为 0 到 {MAX_DAYS} 之间的整数"
    if provisional not in ("0", "1"):
        fields["provisional"] = "provisional 只能为 0 或 1（1 表示给出暂定到期日）"
    if fields:
        raise DomainError("请求参数不正确", code="invalid", fields=fields)
    return start, days, provisional == "1"


def calendar_missing(exc: CalendarMissing):
    """409 with the contract's error body and the year that must be loaded."""
    body = {"code": "calendar_missing", "message": f"{exc.year}年节假日安排未录入", "fields": {}}
    return jsonify(error=body, year=exc.year), 409


@bp.get("/calendar/due")
@public
def calendar_due():
    start, days, wanted = due_arguments(request.args)
    if wanted:
        due, provisional = services.provisional_due_date(start, days)
    else:
        try:
            due, provisional = services.due_date(start, days), False
        except CalendarMissing as exc:
            return calendar_missing(exc)
    return {"start": start.isoformat(), "days": days, "due_date": due.isoformat(),
            "provisional": provisional}


_DATE = {"type": "string", "format": "date"}
spec.add_schemas({
    "DueDate": {"type": "object", "required": ["start", "days", "due_date", "provisional"],
                "properties": {
                    "start": _DATE, "days": {"type": "integer"}, "due_date": _DATE,
                    "provisional": {"type": "boolean",
                                    "description": "到期日是否按法定节假日推算（暂定）"}}},
    "CalendarMissing": {"allOf": [spec.ref("Error"), {
        "type": "object", "required": ["year"],
        "properties": {"year": {"type": "integer", "description": "须先录入的年份"}}}]},
})
spec.add_paths({
    "/api/v1/calendar/due": {"get": {
        "summary": "按大厅工作日日历计算到期日（起算日不计入）", "tags": ["calendar"],
        "parameters": [
            {"name": "start", "in": "query", "required": True, "schema": _DATE,
             "description": "起算日期（受理日）"},
            {"name": "days", "in": "query", "required": True,
             "schema": {"type": "integer", "minimum": 0, "maximum": MAX_DAYS},
             "description": "工作日数；到期日为起算日之后第 N 个工作日"},
            {"name": "provisional", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
             "description": "为 1 时，跨入节假日安排未录入的年份也给出到期日：按《全国年节及纪念日"
                            "放假办法》的法定节假日推算（无调休），并返回 provisional: true"}],
        "responses": {
            "200": spec.json_response("到期日", spec.ref("DueDate")),
            **spec.error_responses(400),
            "409": spec.json_response("日历未录入到期日所在年份（未带 provisional=1）",
                                      spec.ref("CalendarMissing"))}}},
})
