"""The queue's objects as the API contract shows them: pages, the API, events and the
kiosk's fast path all use these."""
from hall.core import clock
from hall.core.extensions import db
from hall.queue import estimates, issuing, tickets
from hall.queue.models import Ticket
from hall.settings.links import public_urls
from hall.windows.models import Window


def category_dict(row: dict) -> dict:
    category = row["category"]
    return {"code": category.code, "name": category.name, "prefix": category.prefix,
            "waiting": row["waiting"], "open_windows": row["open_windows"],
            "est_wait_minutes": row["est_wait_minutes"]}


def ticket_dict(ticket: Ticket, snapshot: "estimates.Snapshot | None" = None,
                ahead: int | None = None) -> dict:
    """The ticket as the contract describes it; place in line only while waiting."""
    page, qr = public_urls(("phone.ticket", "phone.ticket_qr"), token=ticket.token)
    body = {"id": ticket.id, "number": ticket.number, "token": ticket.token,
            "category": ticket.category.code, "category_name": ticket.category.name,
            "status": ticket.status, "priority": ticket.priority,
            "appointment": ticket.appointment_code, "ahead": None, "est_wait_minutes": None,
            "issued_at": clock.local(ticket.issued_at).isoformat(),
            "called_at": clock.local(ticket.called_at).isoformat() if ticket.called_at else None,
            "window": None, "url": page, "qr_url": qr}
    if ticket.status == "waiting":
        snapshot = snapshot or estimates.Snapshot(ticket.day, clock.now())
        body["ahead"] = ahead if ahead is not None else tickets.ahead_of(ticket)
        body["est_wait_minutes"] = snapshot.estimate(ticket.category_id, body["ahead"],
                                                     walk_in=ticket.rank < issuing.APPOINTMENT_RANK)
    elif ticket.window_id:
        body["window"] = db.session.get(Window, ticket.window_id).no
    return body


def new_ticket_dict(new: "issuing.NewTicket", category, line_known: bool = True) -> dict:
    """The answer to a kiosk: the new ticket with its place in line and estimated wait."""
    ahead, estimate = new.ahead, None
    if line_known and ahead is None:   # green channel or appointment: counted among its rank
        ahead = tickets.ahead_of(db.session.get(Ticket, new.id))
    if line_known and ahead is not None:
        estimate = estimates.recent_snapshot(new.day, clock.now()).estimate(
            category.id, ahead, walk_in=not (new.priority or new.appointment_code))
    page, qr = public_urls(("phone.ticket", "phone.ticket_qr"), token=new.token)
    return {"id": new.id, "number": new.number, "token": new.token,
            "category": category.code, "category_name": category.name,
            "status": "waiting", "priority": new.priority,
            "appointment": new.appointment_code, "ahead": ahead,
            "est_wait_minutes": estimate,
            "issued_at": clock.local(new.issued_at).isoformat(), "called_at": None,
            "window": None, "url": page, "qr_url": qr}


def window_dict(window: Window, current: Ticket | None) -> dict:
    return {"no": window.no, "name": window.name, "kind": window.kind,
            "status": window.status, "categories": [c.code for c in window.categories],
            "current": current.number if current else None}
