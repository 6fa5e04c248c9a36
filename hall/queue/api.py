"""The queue's part of /api/v1: categories, tickets, windows, the display, window actions."""
from flask import request
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from hall.core import clock
from hall.core.database import keep_counted
from hall.core.errors import DomainError, NotFound
from hall.core.extensions import db
from hall.core.retry import is_transient, recover_session
from hall.core.roles import Permission
from hall.events.services import latest_id
from hall.queue import estimates, issuing, tickets
from hall.queue.kiosks import current_kiosk
from hall.queue.models import Category, Ticket
from hall.queue.presenters import category_dict, new_ticket_dict, ticket_dict, window_dict
from hall.queue.taking import TooManyTickets, ticket_request
from hall.roster.services import public_leader
from hall.web import ratelimit
from hall.web.access import public
from hall.web.api import api_actor, bp, spec, token_required
from hall.web.responses import json_body
from hall.windows.models import Window
from hall.windows.services import find_window, set_status

STAFF = Permission.SERVE_WINDOW | Permission.MANAGE_HALL


@bp.get("/categories")
@public
def list_categories():
    now = clock.now()
    rows = estimates.category_rows(tickets.hall_day(now), now)
    return {"categories": [category_dict(row) for row in rows]}


@bp.post("/tickets")
@public
def issue_ticket():
    data = json_body()
    code, priority = data.get("category"), data.get("priority", False)
    if not isinstance(code, str) or not isinstance(priority, bool):
        raise DomainError("请选择业务类别", fields={"category": "请选择业务类别"})
    kiosk = current_kiosk()
    try:
        category = ticket_request(code, clock.now(), priority=priority, kiosk=kiosk,
                                  actor=api_actor())
    except TooManyTickets as refused:
        keep_counted()   # the refused try counts
        return ratelimit.too_many(refused.retry_after)
    token = getattr(request, "_hall_ticket_token", None)   # the request's, kept across tries
    if token is None:
        request._hall_ticket_token = token = issuing.new_token()
    else:   # run again after a lost connection: the lost try may have issued it already
        saved = db.session.scalar(select(Ticket).where(Ticket.token == token))
        if saved is not None:
            return ticket_dict(saved), 201
    new = issuing.issue(category, clock.now(), priority=priority,
                        kiosk_id=kiosk.id if kiosk is not None else None, token=token)
    db.session.commit()   # first, so the write locks are held as briefly as possible
    try:
        return new_ticket_dict(new, category), 201
    except DBAPIError as exc:
        # The ticket is saved: a database lost now must not hide its number from the kiosk.
        if not is_transient(exc):
            raise
        recover_session()
        return new_ticket_dict(new, category, line_known=False), 201


def _ticket_by_token(token: str) -> Ticket:
    ticket = db.session.scalar(select(Ticket).where(Ticket.token == token[:64]))
    if ticket is None:
        raise NotFound("未找到该号码")
    return ticket


@bp.get("/tickets/<token>")
@public
def get_ticket(token: str):
    return ticket_dict(_ticket_by_token(token))


@bp.get("/windows")
@public
def list_windows():
    windows = db.session.scalars(select(Window).order_by(Window.no)).all()
    active = {t.window_id: t for t in db.session.scalars(select(Ticket).where(
        Ticket.status.in_(tickets.ACTIVE), Ticket.day == tickets.hall_day(clock.now())))}
    return {"windows": [window_dict(w, active.get(w.id)) for w in windows]}


def recent_calls(day, limit: int = 8) -> list[dict]:
    """The latest calls for the lobby, newest first."""
    rows = db.session.execute(
        select(Ticket.number, Window.no, Window.name, Ticket.called_at, Ticket.recalls,
               Ticket.status, Ticket.appointment_code)
        .join(Window, Window.id == Ticket.window_id)
        .where(Ticket.day == day, Ticket.called_at.is_not(None),
               Ticket.status.in_(("called", "serving", "done")))
        .order_by(Ticket.called_at.desc()).limit(limit))
    return [{"number": number, "window": no, "window_name": name,
             "called_at": clock.local(at).isoformat(), "recall": recalls > 0,
             "status": status, "text": tickets.call_text(number, no),
             "appointment": code is not None}
            for number, no, name, at, recalls, status, code in rows]


@bp.get("/display")
@public
def display_snapshot():
    now = clock.now()
    day = tickets.hall_day(now)
    rows = estimates.category_rows(day, now)
    return {"calls": recent_calls(day), "categories": [category_dict(r) for r in rows],
            "duty_leader": public_leader(day),
            "last_event_id": latest_id(), "now": clock.local(now).isoformat()}


def _window(no: int) -> Window:
    return find_window(no)


def _staff_ticket(ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound("未找到该号码")
    return ticket


@bp.post("/windows/<int:no>/call-next")
@token_required(STAFF)
def call_next(no: int):
    ticket = tickets.call_next(_window(no), api_actor(), clock.now())
    if ticket is None:
        db.session.rollback()
        return "", 204
    db.session.commit()   # first: the window's row lock is held as briefly as possible
    return ticket_dict(ticket)


ACTIONS = {"recall": tickets.recall, "start": tickets.start, "finish": tickets.finish,
           "no-show": tickets.no_show}


@bp.post("/tickets/<int:ticket_id>/<any(recall, start, finish, 'no-show'):action>")
@token_required(STAFF)
def ticket_action(ticket_id: int, action: str):
    ticket = ACTIONS[action](_staff_ticket(ticket_id), api_actor(), clock.now())
    return ticket_dict(ticket)


@bp.post("/tickets/<int:ticket_id>/transfer")
@token_required(STAFF)
def transfer(ticket_id: int):
    data = json_body()
    window = category = None
    if data.get("window") is not None:
        if not isinstance(data["window"], int):
            raise DomainError("窗口号须为整数", fields={"window": "窗口号须为整数"})
        window = _window(data["window"])
    if data.get("category") is not None:
        category = db.session.scalar(select(Category).where(
            Category.code == str(data["category"])))
        if category is None:
            raise DomainError("没有这个业务类别", fields={"category": "没有这个业务类别"})
    ticket = tickets.transfer(_staff_ticket(ticket_id), api_actor(), clock.now(),
                              window=window, category=category)
    return ticket_dict(ticket)


@bp.post("/windows/<int:no>/status")
@token_required(STAFF)
def window_status(no: int):
    status = json_body().get("status")
    window = set_status(_window(no), status, api_actor(), clock.now())
    return window_dict(window, tickets.current_ticket(window))


_TICKET = {"type": "object", "properties": {
    "id": {"type": "integer"}, "number": {"type": "string"}, "token": {"type": "string"},
    "category": {"type": "string"}, "category_name": {"type": "string"},
    "status": {"type": "string", "enum": ["waiting", "called", "serving", "done", "no_show",
                                          "cancelled"]},
    "priority": {"type": "boolean"}, "ahead": {"type": "integer", "nullable": True},
    "est_wait_minutes": {"type": "integer", "nullable": True},
    "issued_at": {"type": "string", "format": "date-time"},
    "called_at": {"type": "string", "format": "date-time", "nullable": True},
    "window": {"type": "integer", "nullable": True},
    "url": {"type": "string"}, "qr_url": {"type": "string"}}}
_CATEGORY = {"type": "object", "properties": {
    "code": {"type": "string"}, "name": {"type": "string"}, "prefix": {"type": "string"},
    "waiting": {"type": "integer"}, "open_windows": {"type": "integer"},
    "est_wait_minutes": {"type": "integer", "nullable": True}}}
_WINDOW = {"type": "object", "properties": {
    "no": {"type": "integer"}, "name": {"type": "string"}, "kind": {"type": "string"},
    "status": {"type": "string", "enum": ["open", "paused", "closed"]},
    "categories": {"type": "array", "items": {"type": "string"}},
    "current": {"type": "string", "nullable": True}}}
spec.add_schemas({"Ticket": _TICKET, "Category": _CATEGORY, "Window": _WINDOW})
_STAFF = [{"bearer": []}]
_NO = {"name": "no", "in": "path", "required": True, "schema": {"type": "integer"}}
_ID = {"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _action(summary: str, errors=(401, 403, 404, 409)) -> dict:
    return {"post": {"summary": summary, "tags": ["window"], "security": _STAFF,
                     "parameters": [_ID],
                     "responses": {"200": spec.json_response("号码", spec.ref("Ticket")),
                                   **spec.error_responses(*errors)}}}


spec.add_paths({
    "/api/v1/categories": {"get": {
        "summary": "排队业务类别与等候人数", "tags": ["queue"],
        "responses": {"200": spec.json_response("类别", {"type": "object", "properties": {
            "categories": {"type": "array", "items": spec.ref("Category")}}})}}},
    "/api/v1/tickets": {"post": {
        "summary": "取号", "tags": ["queue"],
        "requestBody": spec.json_body({"type": "object", "required": ["category"], "properties": {
            "category": {"type": "string"}, "priority": {"type": "boolean"}}}),
        "responses": {"201": spec.json_response("号码", spec.ref("Ticket")),
                      **spec.error_responses(400, 403),
                      "409": spec.json_response(
                          "不发号：hall_closed（不在取号时间，如“08:30 开始取号”“今日取号已结束”）、"
                          "quota_reached（今日号已取完）或 category_closed（该业务暂停取号）；"
                          "绿色通道号不受取号时间和限号限制", spec.ref("Error"))}}},
    "/api/v1/tickets/{token}": {"get": {
        "summary": "按凭证查看号码（手机页面）", "tags": ["queue"],
        "parameters": [{"name": "token", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": spec.json_response("号码", spec.ref("Ticket")),
                      **spec.error_responses(404)}}},
    "/api/v1/windows": {"get": {
        "summary": "全部窗口与当前号码", "tags": ["queue"],
        "responses": {"200": spec.json_response("窗口", {"type": "object", "properties": {
            "windows": {"type": "array", "items": spec.ref("Window")}}})}}},
    "/api/v1/display": {"get": {
        "summary": "大厅显示屏快照", "tags": ["queue"],
        "responses": {"200": spec.json_response("快照", {"type": "object", "properties": {
            "calls": {"type": "array", "items": {"type": "object"}},
            "categories": {"type": "array", "items": spec.ref("Category")},
            "duty_leader": {"type": "object", "nullable": True,
                            "description": "今日带班领导（未安排时为 null；不含电话）",
                            "properties": {"name": {"type": "string"},
                                           "title": {"type": "string"}}},
            "last_event_id": {"type": "integer"}}})}}},
    "/api/v1/windows/{no}/call-next": {"post": {
        "summary": "叫号（优先号先，其次最早取号）", "tags": ["window"], "security": _STAFF,
        "parameters": [_NO],
        "responses": {"200": spec.json_response("被叫号码", spec.ref("Ticket")),
                      "204": {"description": "无人等候"},
                      **spec.error_responses(401, 403, 404, 409)}}},
    "/api/v1/windows/{no}/status": {"post": {
        "summary": "开放、暂停或关闭窗口", "tags": ["window"], "security": _STAFF,
        "parameters": [_NO],
        "requestBody": spec.json_body({"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["open", "paused", "closed"]}}}),
        "responses": {"200": spec.json_response("窗口", spec.ref("Window")),
                      **spec.error_responses(400, 401, 403, 404)}}},
    "/api/v1/tickets/{ticket_id}/recall": _action("重呼"),
    "/api/v1/tickets/{ticket_id}/start": _action("开始办理"),
    "/api/v1/tickets/{ticket_id}/finish": _action("办结"),
    "/api/v1/tickets/{ticket_id}/no-show": _action("过号"),
    "/api/v1/tickets/{ticket_id}/transfer": {"post": {
        **_action("转移到其他窗口或业务类别", (400, 401, 403, 404, 409))["post"],
        "requestBody": spec.json_body({"type": "object", "properties": {
            "window": {"type": "integer"}, "category": {"type": "string"}}})}},
})
