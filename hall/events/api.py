"""GET /api/v1/events: the hall's events as a server-sent event stream."""
from flask import Response, request, stream_with_context

from ..api import bp, spec
from ..auth.access import public
from ..extensions import db
from ..input_guard import INT_MAX
from .stream import event_stream


def _last_event_id() -> int | None:
    """The id a reconnecting client saw last: garbage counts as none, a huge one as the end."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    try:
        return min(max(0, int(raw)), INT_MAX) if raw else None
    except ValueError:
        return None


@bp.get("/events")
@public
def events():
    kinds = {k for k in request.args.get("kinds", "").split(",") if k} or None
    last_id = _last_event_id()
    db.session.remove()   # a stream must not hold a database connection while it waits
    response = Response(stream_with_context(event_stream(last_id, kinds)),
                        mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


spec.add_paths({"/api/v1/events": {"get": {
    "summary": "大厅事件流（Server-Sent Events）", "tags": ["queue"],
    "parameters": [
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "integer"}},
        {"name": "kinds", "in": "query", "schema": {"type": "string"},
         "description": "逗号分隔的事件名，例如 ticket.called,ticket.recalled"}],
    "responses": {"200": {"description": "text/event-stream",
                          "content": {"text/event-stream": {"schema": {"type": "string"}}}}}}}})
