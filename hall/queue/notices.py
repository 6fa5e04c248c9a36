"""What the queue tells ticket holders who left a mobile number: "N people ahead" and
"called". Written to the outbox in the transaction that calls the ticket, so a message
goes out exactly when the call commits, and at most once per event (its key)."""
from datetime import datetime

from sqlalchemy import select

from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.validators import MOBILE, normalize_phone
from hall.notify import messages
from hall.notify.outbox import enqueue
from hall.queue.models import Ticket
from hall.settings import services as settings

PHONE_REFUSED = "请输入11位手机号码"


def leave_phone(ticket: Ticket, phone: str, now: datetime) -> Ticket:
    """The holder of a waiting ticket asks to be told by SMS when their turn is near.

    Not audited: the number is personal and the ticket's place in line does not change.
    """
    mobile = normalize_phone(str(phone or "")[:40])
    if not MOBILE.fullmatch(mobile):
        raise DomainError(PHONE_REFUSED, code="invalid_phone", fields={"phone": PHONE_REFUSED})
    if ticket.status != "waiting":
        raise Conflict("该号码已不在等候中，无需短信提醒", code="invalid_state")
    ticket.phone = mobile
    db.session.flush()
    tell_those_near(ticket.day, ticket.category_id, now)
    return ticket


def tell_called(ticket: Ticket, window_no: int, now: datetime) -> None:
    """请A012号到3号窗口办理, once per call (a re-queued ticket called again is a new call)."""
    if not ticket.phone:
        return
    text = messages.ticket_called(settings.get("hall_name"), ticket.number, str(window_no))
    enqueue("ticket_called", ticket.phone, text, f"ticket_called:{ticket.id}:{ticket.requeues}",
            now)


def tell_those_near(day, category_id: int, now: datetime) -> None:
    """Everyone with a number among the first N+1 of a line hears "N people ahead" once.

    Reading the head of the line after each call (one short indexed query) rather than
    looking for the one ticket exactly N places back: two windows calling at once may move
    the line by two, and nobody is skipped that way.
    """
    near = settings.get("notify_ahead")
    if not isinstance(near, int) or near < 1:
        return
    head = db.session.execute(
        select(Ticket.id, Ticket.number, Ticket.phone)
        .where(Ticket.day == day, Ticket.status == "waiting", Ticket.category_id == category_id)
        .order_by(Ticket.rank.desc(), Ticket.queued_at, Ticket.id).limit(near + 1)).all()
    hall_name = settings.get("hall_name")
    for ahead, row in enumerate(head):
        if row.phone and ahead > 0:
            enqueue("ticket_ahead", row.phone, messages.ticket_ahead(hall_name, row.number, ahead),
                    f"ticket_ahead:{row.id}", now)
