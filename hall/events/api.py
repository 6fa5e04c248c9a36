"""GET /api/v1/events: the hall's events as a server-sent event stream.

Served by the stream process (gunicorn's gevent worker, see README) in production, and by
the main application under `flask run` and in tests, with the same limits: a cap on open
streams per client address, a lifetime after which the client resumes by itself, and
keep-alive comments.
"""
from flask import Response, current_app, request

from hall.core.extensions import db
from hall.events.stream import client_gone_check, event_stream, lifetime, slots_for
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.helpers import client_address
from hall.web.input_guard import INT_MAX
from hall.web.responses import error

RETRY_AFTER_SECONDS = 10


def _last_event_id() -> int | None:
    """The id a reconnecting client saw last: garbage counts as none, a huge one as the end."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    try:
        return min(max(0, int(raw)), INT_MAX) if raw else None
    except ValueError:
        return None


def _too_many_streams(cap: int):
    response, status = error(429, "too_many_streams",
                             f"本机打开的实时事件连接已达上限（{cap} 个），请关闭不用的页面后再试")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response, status


@bp.get("/events")
@public
def events():
    kinds = {k for k in request.args.get("kinds", "").split(",") if k} or None
    last_id = _last_event_id()
    config = current_app.config
    slot = slots_for(current_app).take(client_address(), config["EVENTS_PER_ADDRESS"])
    if slot is None:
        return _too_many_streams(config["EVENTS_PER_ADDRESS"])
    try:
        db.session.remove()   # a stream must not hold a database connection while it waits
        # The body carries its application, not the request context: nothing of the
        # request stays alive for the hours a stream may last.
        body = event_stream(last_id, kinds, keepalive=config["EVENTS_KEEPALIVE_SECONDS"],
                            max_seconds=lifetime(config["EVENTS_MAX_SECONDS"]),
                            client_gone=client_gone_check(request.environ),
                            app=current_app._get_current_object())
        response = Response(body, mimetype="text/event-stream")
        # The server closes the body when the stream ends, fails to write, or never starts.
        response.call_on_close(slot.release)
    except BaseException:
        slot.release()
        raise
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


spec.add_paths({"/api/v1/events": {"get": {
    "summary": "大厅事件流（Server-Sent Events）", "tags": ["queue"],
    "description": "每个客户端地址同时打开的事件流有上限（超出时 429）；连接到达最长时长后结束，"
                   "客户端带 Last-Event-ID 自动重连，不会漏掉事件。",
    "parameters": [
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "integer"}},
        {"name": "kinds", "in": "query", "schema": {"type": "string"},
         "description": "逗号分隔的事件名，例如 ticket.called,ticket.recalled"}],
    "responses": {"200": {"description": "text/event-stream",
                          "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                  **spec.error_responses(429)}}}})
