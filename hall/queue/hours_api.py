"""GET /api/v1/hours: the hall's opening and ticketing hours, quotas and numbers issued."""
from flask import request

from hall.core import clock
from hall.queue.opening import day_hours
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.input_guard import query_day


@bp.get("/hours")
@public
def hours_of_day():
    return day_hours(query_day(request.args, "date") or clock.today())


_TIME = {"type": "string", "format": "date-time", "nullable": True}
spec.add_schemas({"Hours": {
    "type": "object", "required": ["date", "open", "sessions", "ticketing", "categories"],
    "properties": {
        "date": {"type": "string", "format": "date"},
        "open": {"type": "boolean", "description": "当日是否办公"},
        "reason": {"type": "string", "description": "工作日、周末、节假日名称、调休上班或特殊安排的说明"},
        "sessions": {"type": "array", "description": "办公时段（24:00 记为次日 0 时）",
                     "items": {"type": "object", "properties": {"start": _TIME, "end": _TIME}}},
        "ticketing": {"type": "object", "description": "取号时间：可早于开门；不办公时为 null",
                      "properties": {"start": _TIME, "end": _TIME}},
        "categories": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "name": {"type": "string"},
            "stop_at": {**_TIME, "description": "该类别当日停止取号的时间"},
            "quota": {"type": "integer", "nullable": True, "description": "每日限号；null 为不限"},
            "issued": {"type": "integer", "description": "当日已发号数（含绿色通道）"}}}}}}})
spec.add_paths({"/api/v1/hours": {"get": {
    "summary": "某日的办公时间、取号时间、各类别限号与已取号数", "tags": ["queue"],
    "parameters": [{"name": "date", "in": "query", "required": False,
                    "schema": {"type": "string", "format": "date"},
                    "description": "日期（默认今天）"}],
    "responses": {"200": spec.json_response("办公时间", spec.ref("Hours")),
                  **spec.error_responses(400)}}}})
