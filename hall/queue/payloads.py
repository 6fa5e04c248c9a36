"""A ticket's event payload and the words the lobby speaks: what the journal publishes, the
same from the fast path (issuing) and from every later step (tickets)."""
from hall.core.extensions import db
from hall.queue.models import Ticket
from hall.settings import services as settings
from hall.windows.models import Window


def ticket_event(ticket: Ticket, **extra) -> dict:
    window = db.session.get(Window, ticket.window_id) if ticket.window_id else None
    body = {"id": ticket.id, "number": ticket.number, "status": ticket.status,
            "category": ticket.category.code, "priority": ticket.priority,
            "window": window.no if window else None,
            "window_name": window.name if window else None}
    if ticket.appointment_code:
        body["appointment"] = True     # the display marks it 预
    if window and ticket.status == "called":
        body["text"] = call_text(ticket.number, window.no)
    body.update(extra)
    return body


def call_text(number: str, window_no: int) -> str:
    """What the lobby says: the manager's template, e.g. 请{number}号到{window}号窗口办理."""
    template = settings.get("call_template")
    try:
        return template.format(number=number, window=window_no)
    except (KeyError, IndexError, ValueError):
        return f"请{number}号到{window_no}号窗口办理"
