"""The console's state for one window, and the small screen's."""
from flask import g

from hall.auth.models import User
from hall.core import clock
from hall.core.errors import Forbidden
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.queue import tickets
from hall.queue.presenters import ticket_dict
from hall.queue.stats import queue_figures
from hall.web.access import public
from hall.web.api import bp, spec, token_required
from hall.windows.models import Window
from hall.windows.services import find_window as _window

STAFF = Permission.SERVE_WINDOW | Permission.MANAGE_HALL


def _current(window: Window, now) -> dict | None:
    ticket = tickets.current_ticket(window)
    if ticket is None:
        return None
    since = ticket.started_at or ticket.called_at
    return {**ticket_dict(ticket), "since": clock.local(since).isoformat(),
            "seconds": int((now - since).total_seconds())}


def staff_on_duty(window: Window, ticket) -> User | None:
    """Who acts at the window: the staff member on the current ticket, else A, else B."""
    if ticket is not None and ticket.staff_id:
        return db.session.get(User, ticket.staff_id)
    return window.staff_a or window.staff_b


@bp.get("/windows/<int:no>/console")
@token_required(STAFF)
def console_state(no: int):
    window = _window(no)
    if not window.can_operate(g.api_user):
        raise Forbidden("您不是该窗口的工作人员", code="not_your_window")
    now = clock.now()
    day = tickets.hall_day(now)
    line = tickets.waiting_for(window, now, limit=50)
    served = {c.id for c in window.categories if c.is_active}
    queues, sent_here = queue_panel(window, tickets.waiting_by_line(window, now))
    return {"window": {"no": window.no, "name": window.name, "status": window.status,
                       "categories": [c.code for c in window.categories]},
            "acting": {"username": g.api_user.username, "name": g.api_user.display_name,
                       "staff_no": g.api_user.staff_no,
                       "post": "A" if window.staff_a_id == g.api_user.id else
                       "B" if window.staff_b_id == g.api_user.id else "管理"},
            "current": _current(window, now),
            "waiting": [{"id": t.id, "number": t.number, "category": t.category.name,
                         "priority": t.priority, "transferred": bool(t.rank & 1),
                         "own_line": t.category_id in served,
                         "waited_minutes": int((now - t.issued_at).total_seconds() // 60)}
                        for t in line],
            "queues": queues, "sent_here": sent_here,
            "waiting_total": sum(q["waiting"] for q in queues) + sent_here,
            "today": queue_figures(day, window.id)}


def queue_panel(window: Window, waiting: dict[int, int]) -> tuple[list[dict], int]:
    """The lines this window serves, each with the tickets it may call from it, and how
    many tickets of other lines were sent to it by a transfer (it calls those too)."""
    served = [c for c in window.categories if c.is_active]
    queues = [{"code": c.code, "prefix": c.prefix, "name": c.name,
               "waiting": waiting.get(c.id, 0)} for c in served]
    served_ids = {c.id for c in served}
    return queues, sum(n for category_id, n in waiting.items() if category_id not in served_ids)


@bp.get("/windows/<int:no>/screen-state")
@public
def screen_state(no: int):
    window = _window(no)
    now = clock.now()
    current = tickets.current_ticket(window)
    staff = staff_on_duty(window, current)
    return {"no": window.no, "name": window.name, "status": window.status,
            "current": current.number if current else None,
            "staff": {"name": staff.display_name, "staff_no": staff.staff_no} if staff else None,
            "now": clock.local(now).isoformat()}


_NO = {"name": "no", "in": "path", "required": True, "schema": {"type": "integer"}}
spec.add_paths({
    "/api/v1/windows/{no}/console": {"get": {
        "summary": "窗口工作台状态：当前号码、等候队列、今日数字", "tags": ["window"],
        "security": [{"bearer": []}], "parameters": [_NO],
        "responses": {"200": spec.json_response("工作台", {"type": "object"}),
                      **spec.error_responses(401, 403, 404)}}},
    "/api/v1/windows/{no}/screen-state": {"get": {
        "summary": "窗口上方小屏：当前号码与在岗人员", "tags": ["window"], "parameters": [_NO],
        "responses": {"200": spec.json_response("小屏", {"type": "object"}),
                      **spec.error_responses(404)}}},
})
