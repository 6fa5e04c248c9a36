"""POST /api/v1/complaints (submit) and GET /api/v1/complaints (the public wall, masked)."""
from flask import request

from hall.complaints import queries, services
from hall.complaints.models import KINDS, STATUSES, Complaint
from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.queue.kiosks import current_kiosk
from hall.web import idempotency
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.helpers import client_address
from hall.web.input_guard import page_number
from hall.web.responses import error, json_body

API_CHANNELS = ("api", "kiosk", "phone")


@bp.post("/complaints")
@public
def create_complaint():
    data = json_body()
    channel = data.get("channel", "api")
    if channel not in API_CHANNELS:
        raise DomainError("提交渠道不正确", fields={"channel": "须为 api、kiosk 或 phone"})
    draft = services.check(data)
    now, kiosk = clock.now(), current_kiosk()
    held = idempotency.api_claim("complaint", data, now)
    if held.repeated:
        return _created(db.session.get(Complaint, int(held.first.resource))), held.first.status
    verdict = services.allowance(kiosk.id if kiosk else None, client_address(), now)
    if not verdict.allowed:
        idempotency.release(held)
        keep_counted()     # the count stands
        return _too_many(verdict.retry_after)
    complaint = services.submit(draft, channel, now, services.citizen(client_address()))
    idempotency.complete(held, complaint.id, 201)
    return _created(complaint), 201


def _created(complaint: Complaint) -> dict:
    return {"id": complaint.id, "kind": complaint.kind, "status": complaint.status,
            "created_at": clock.local(complaint.created_at).isoformat(timespec="seconds"),
            "reply_due": complaint.reply_due.isoformat() if complaint.reply_due else None}


def _too_many(retry_after: int):
    seconds = max(1, int(retry_after))
    response, status = error(429, "too_many_requests", services.too_many_message(seconds))
    response.headers["Retry-After"] = str(seconds)
    return response, status


@bp.get("/complaints")
@public
def list_complaints():
    kind = request.args.get("kind", "")
    found = queries.wall(kind if kind in KINDS else None, page_number(request.args))
    return {"items": found.rows, "page": found.page, "pages": found.pages, "total": found.total}


_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": "string", "nullable": True}
spec.add_schemas({
    "ComplaintRequest": {
        "type": "object", "required": ["kind", "content"],
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS),
                     "description": "complaint 投诉, suggestion 建议, praise 表扬"},
            "content": {"type": "string", "maxLength": services.CONTENT_MAX},
            "name": {"type": "string", "maxLength": services.NAME_MAX,
                     "description": "投诉必填，建议和表扬可不填"},
            "phone": {"type": "string", "description": "手机号或带区号的固定电话；投诉必填"},
            "window": {"type": "integer", "description": "涉及的窗口号（可选）"},
            "department": {"type": "string", "description": "涉及的部门代码（可选）"},
            "case_no": {"type": "string", "description": "涉及的办件编号（可选）"},
            "channel": {"type": "string", "enum": list(API_CHANNELS), "default": "api"}}},
    "ComplaintCreated": {
        "type": "object", "required": ["id", "kind", "status", "created_at", "reply_due"],
        "properties": {"id": {"type": "integer"}, "kind": _TEXT, "status": _TEXT,
                       "created_at": {"type": "string", "format": "date-time"},
                       "reply_due": {"type": "string", "format": "date", "nullable": True,
                                     "description": "答复期限；该年节假日安排未录入时为 null"}}},
    "PublicComplaint": {
        "type": "object", "description": "回音壁上的一条：姓名、电话已隐去部分内容",
        "properties": {
            "id": {"type": "integer"}, "kind": {"type": "string", "enum": list(KINDS)},
            "kind_label": _TEXT, "content": _TEXT, "name": {"type": "string", "example": "张*"},
            "phone": {"type": "string", "example": "138****1234"},
            "window": {"type": "integer", "nullable": True}, "window_name": _TEXT,
            "department": _TEXT, "created_at": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": list(STATUSES)}, "status_label": _TEXT,
            "answer": _TEXT, "answered_at": {**_NULLABLE_TEXT, "format": "date-time"},
            "resolved": {"type": "boolean"}}},
    "ComplaintPage": {
        "type": "object", "required": ["items", "page", "pages", "total"],
        "properties": {"items": {"type": "array", "items": spec.ref("PublicComplaint")},
                       "page": {"type": "integer"}, "pages": {"type": "integer"},
                       "total": {"type": "integer"}}},
})

spec.add_paths({"/api/v1/complaints": {
    "post": {"summary": "投诉建议：提交投诉、建议或表扬（按来源地址限频；可带 Idempotency-Key）",
             "tags": ["complaints"], "parameters": [idempotency.HEADER_PARAMETER],
             "requestBody": spec.json_body(spec.ref("ComplaintRequest")),
             "responses": {"201": spec.json_response("已收到", spec.ref("ComplaintCreated")),
                           **spec.error_responses(400, 422, 429)}},
    "get": {"summary": "回音壁：已答复并公开的投诉建议，最新在前（已脱敏）", "tags": ["complaints"],
            "parameters": [{"name": "kind", "in": "query",
                            "schema": {"type": "string", "enum": list(KINDS)}},
                           {"name": "page", "in": "query",
                            "schema": {"type": "integer", "minimum": 1}}],
            "responses": {"200": spec.json_response("一页", spec.ref("ComplaintPage"))}},
}})
