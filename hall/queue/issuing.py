"""Issuing a ticket: the kiosks' hot path.

A new ticket takes the next number of its category's day from the category's counter row,
whose lock orders the kiosks; the same UPDATE tells how long the line is (the triggers of
hall/queue/line_triggers.py keep that count), so the ticket knows how many are ahead of it
without counting the line. Then the ticket, its audit entry and its event are written, by the
journal's one writer (hall/core/journal.py) or, on PostgreSQL, with its statement pieces.

- SQLite: one prepared statement per step, in the caller's transaction.
- PostgreSQL: all of it is one statement. When it is the whole transaction (the API's case)
  it runs alone, in autocommit, which saves the COMMIT's round trip. A connection lost
  during it leaves the ticket's fate unknown, so the API gives each request's ticket its
  token before the first try: a request run again by `hall.core.retry` looks for that token first
  and answers with the ticket if the lost try had saved it.
"""
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (
    String,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)

from hall.core import cache, clock
from hall.core.actor import Actor
from hall.core.counters import create_counter
from hall.core.errors import Conflict
from hall.core.extensions import db
from hall.core.journal import (
    ENTRY_ID,
    PREV_HASH,
    Hole,
    ObjectRef,
    canonical_json,
    chained_entry,
    entry_values,
    event_json,
    published_event,
    record_and_publish,
    splice_params,
    spliced,
    split_at_holes,
)
from hall.core.journal_models import AuditEntry, Event, chained_fields
from hall.core.prepared import Prepared
from hall.hours import services as hours
from hall.hours.models import CategoryRule
from hall.queue.models import Category, Ticket, TicketCounter
from hall.queue.payloads import ticket_event

PRIORITY_RANK, APPOINTMENT_RANK, FRONT_RANK = 4, 2, 1
KIOSK = Actor(username="kiosk", role="kiosk")


def hall_day(now: datetime):
    """The hall-local date of a moment: numbering restarts at local midnight."""
    return clock.local(now).date()


def format_number(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:03d}"


@dataclass(frozen=True)
class NewTicket:
    """What issuing a ticket wrote, without loading it back through the ORM."""

    id: int
    number: str
    token: str
    day: date
    priority: bool
    issued_at: datetime
    line_before: int   # tickets waiting in its category when it joined
    appointment_code: str | None = None

    @property
    def ahead(self) -> int | None:
        """People ahead when issued: an ordinary ticket joins at the end of its line."""
        return None if self.priority or self.appointment_code else self.line_before


class CategoryRef(NamedTuple):
    """What issuing a ticket needs of its category."""

    id: int
    code: str
    name: str
    prefix: str
    is_active: bool


# Kiosks name the category by its code on every ticket. What issuing needs of it changes
# rarely, so a process keeps it for a second; whether the category is open is not taken
# from here but checked by the UPDATE that numbers the ticket.
CATEGORY_SECONDS = 1.0
_categories = cache.Timed("queue.categories_by_code", CATEGORY_SECONDS)


def category_by_code(code: str) -> CategoryRef | None:
    category = _categories.get(code)
    if category is None:
        row = _CATEGORY_BY_CODE.one({"code": code})
        if row is None:
            return None   # unknown codes are not kept: anyone can send them
        category = CategoryRef(*row)
        _categories.put(code, category)
    return category


def forget_categories() -> None:
    """After a category changes in this process (other processes wait out the second)."""
    _categories.clear()


_CATEGORY_BY_CODE = Prepared(lambda dialect: select(
    Category.id, Category.code, Category.name, Category.prefix, Category.is_active)
    .where(Category.code == bindparam("code", type_=Category.__table__.c.code.type)))


def new_token() -> str:
    """The secret in a ticket's phone link."""
    return secrets.token_urlsafe(16)


def issue(category, now: datetime, *, priority: bool = False, kiosk_id: int | None = None,
          actor: Actor | None = None, token: str | None = None,
          check_hours: bool = True, appointment_code: str | None = None,
          phone: str | None = None) -> NewTicket:
    """A new waiting ticket with the category's next number of the day.

    An ordinary ticket only within the category's ticketing hours and daily quota; a
    green-channel (priority) ticket, which staff open, at any time and beyond the quota; a
    booked appointment's ticket (at check-in) beyond the quota, called after green channel.
    The quota is checked by the UPDATE that numbers the ticket, under the counter's lock.
    """
    if not category.is_active:
        raise Conflict("该业务暂停取号", code="category_closed")
    if check_hours and not priority and not appointment_code:
        # A booked appointment was checked against the hall's days when it was booked.
        hours.check_ticketing(category.id, now)
    actor = actor or KIOSK
    day = hall_day(now)
    params = {"category_id": category.id, "day": day, "now": now, "prefix": category.prefix,
              "token": token or new_token(), "priority": priority,
              "rank": _rank(priority, appointment_code), "kiosk_id": kiosk_id,
              "beyond_quota": priority or bool(appointment_code),
              "appointment_code": appointment_code, "phone": phone}
    connection = db.session.connection()
    row = None
    if connection.dialect.name == "postgresql":
        row = _issue_in_one_statement(connection, params, actor, category)
    if row is None:
        row = _issue_step_by_step(connection, params, actor, category)
    ticket_id, number, line_before = row
    return NewTicket(id=ticket_id, number=number, token=params["token"], day=day,
                     priority=priority, issued_at=now, line_before=line_before,
                     appointment_code=appointment_code)


def _rank(priority: bool, appointment_code: str | None) -> int:
    """Green channel first, then booked appointments, then walk-ins."""
    return PRIORITY_RANK if priority else APPOINTMENT_RANK if appointment_code else 0


def _issue_step_by_step(connection, params: dict, actor: Actor, category):
    """Number, insert, audit, publish: SQLite, and PostgreSQL's first ticket of a day."""
    row = _number_and_insert(connection, params)
    if row is None:   # the category's first ticket today, closed, or its quota reached
        _check_still_open(category)
        create_counter(TicketCounter, category_id=category.id, day=params["day"])
        row = _number_and_insert(connection, params)
        if row is None:
            _check_still_open(category)
            raise hours.quota_reached(category.name, category.id)
    ticket_id, number, _ = row
    after, payload = _journal_contents(_new_ticket(ticket_id, number, params, category))
    record_and_publish(actor, "ticket.issued", ObjectRef("Ticket", ticket_id), after=after,
                       label=number, event=payload, now=params["now"], connection=connection)
    return row


def _check_still_open(category) -> None:
    if not db.session.scalar(select(Category.is_active).where(Category.id == category.id)):
        raise Conflict("该业务暂停取号", code="category_closed")


class _IssuedTicket(NamedTuple):
    """A new ticket's values as the serialisers read them off a `Ticket`: building the ORM
    object for them would cost the kiosks' hot path a fifth of its time. The fast path gives
    marks for the id and number only the statement will know."""

    id: int | str
    number: str
    priority: bool
    category_id: int
    category: CategoryRef | Category   # what ticket_event reads the code of
    status: str = "waiting"
    window_id: int | None = None
    staff_id: int | None = None
    requeues: int = 0
    appointment_code: str | None = None


def _new_ticket(ticket_id, number, params: dict, category) -> _IssuedTicket:
    return _IssuedTicket(ticket_id, number, params["priority"], category.id, category,
                         appointment_code=params["appointment_code"])


def _journal_contents(ticket: _IssuedTicket) -> tuple[dict, dict]:
    """The audit entry's after-state and the event's payload of a new ticket: the
    serialisers every other ticket operation journals with."""
    return Ticket.audit_dict(ticket), ticket_event(ticket)


def _number_and_insert(connection, params: dict) -> tuple[int, str, int] | None:
    """(ticket id, number, line length before it); None when the counter row is missing."""
    row = _NUMBER.one(params, connection)
    if row is None:
        return None
    seq, line_before = row
    number = format_number(params["prefix"], seq)
    ticket_id = _INSERT_TICKET.one({**params, "seq": seq, "number": number}, connection)[0]
    return ticket_id, number, line_before


# --- PostgreSQL: one statement -------------------------------------------------------------
#
# The audit entry's hash is the SHA-256 of its canonical JSON (what `audit verify` checks),
# and the event's payload is JSON too; both contain values only the statement knows (the
# ticket's id and number, the entry's id and previous hash). The journal's holes
# (hall/core/journal.py) mark those places; the database joins the pieces with the values.

_NUMBER_HOLE, _TICKET_ID_HOLE = Hole("ticket-number"), Hole("ticket-id")
_TICKET_ID_NUMBER_HOLE = Hole("ticket-id", number=True)
# Where the holes fall in the sorted canonical JSON: after (its number), id, object_id,
# object_label, prev_hash; in the event (in ticket_event's order): id, number.
_ENTRY_HOLES = (_NUMBER_HOLE, ENTRY_ID, _TICKET_ID_HOLE, _NUMBER_HOLE, PREV_HASH)
_AFTER_HOLES = (_NUMBER_HOLE,)
_EVENT_HOLES = (_TICKET_ID_NUMBER_HOLE, _NUMBER_HOLE)


def _issue_in_one_statement(connection, params: dict, actor: Actor, category):
    """(id, number, line before) of the new ticket; None when the general path must run
    (no counter row yet today, the category closed, text that holds a mark)."""
    after, payload = _journal_contents(
        _new_ticket(_TICKET_ID_HOLE.mark, _NUMBER_HOLE.mark, params, category))
    values = entry_values(actor, "ticket.issued", ObjectRef("Ticket", _TICKET_ID_HOLE.mark),
                          after=after, label=_NUMBER_HOLE.mark, created_at=params["now"])
    entry_pieces = split_at_holes(
        canonical_json(chained_fields({**values, "id": ENTRY_ID.mark,
                                       "prev_hash": PREV_HASH.mark})), _ENTRY_HOLES)
    after_pieces = split_at_holes(values["after"], _AFTER_HOLES)
    event_pieces = split_at_holes(event_json(payload), _EVENT_HOLES)
    if entry_pieces is None or after_pieces is None or event_pieces is None:
        return None
    statement_params = {
        **params, **{k: values[k] for k in ("user_id", "username", "role", "address",
                                             "object_type", "result", "before")},
        **splice_params("entry", entry_pieces), **splice_params("after", after_pieces),
        **splice_params("event", event_pieces)}
    return _run_alone_if_possible(connection, statement_params)


def _run_alone_if_possible(connection, params: dict):
    """In autocommit when nothing else is in the transaction, else inside it."""
    from psycopg.pq import TransactionStatus
    driver = connection.connection.driver_connection
    if driver.autocommit or driver.info.transaction_status != TransactionStatus.IDLE:
        return _ISSUE_IN_ONE_STATEMENT.one(params, connection)
    driver.autocommit = True
    try:
        return _ISSUE_IN_ONE_STATEMENT.one(params, connection)
    finally:
        if not driver.closed:
            driver.autocommit = False


# --- the statements ---------------------------------------------------------------------

_COUNTER, _TICKET = TicketCounter.__table__, Ticket.__table__
_ENTRY, _EVENT = AuditEntry.__table__, Event.__table__
_P = {name: bindparam(name, type_=_TICKET.c[column].type) for name, column in (
    ("category_id", "category_id"), ("day", "day"), ("now", "issued_at"), ("token", "token"),
    ("priority", "priority"), ("rank", "rank"), ("kiosk_id", "kiosk_id"), ("seq", "seq"),
    ("number", "number"), ("appointment_code", "appointment_code"), ("phone", "phone"))}
_P["beyond_quota"] = bindparam("beyond_quota", type_=_TICKET.c.priority.type)
_THIS_COUNTER = (_COUNTER.c.category_id == _P["category_id"], _COUNTER.c.day == _P["day"])
_CATEGORY, _RULE = Category.__table__, CategoryRule.__table__
# The category is open and, for an ordinary ticket, its quota not reached: checked on the
# counter row the UPDATE has locked, so twenty kiosks at once cannot pass the quota.
_MAY_NUMBER = (select(_CATEGORY.c.id)
               .select_from(_CATEGORY.outerjoin(_RULE, _RULE.c.category_id == _CATEGORY.c.id))
               .where(_CATEGORY.c.id == _P["category_id"], _CATEGORY.c.is_active.is_(True),
                      or_(_P["beyond_quota"], func.coalesce(_RULE.c.daily_quota, 0) == 0,
                          _COUNTER.c.last_seq < _RULE.c.daily_quota))
               .exists())


def _numbering(dialect: str):
    """UPDATE the counter: next number, queue time never before the last ticket's."""
    if dialect == "postgresql":
        latest = func.greatest(_COUNTER.c.last_queued_at, _P["now"])
    else:
        latest = func.max(func.coalesce(_COUNTER.c.last_queued_at, _P["now"]), _P["now"])
    return (update(_COUNTER).where(*_THIS_COUNTER, _MAY_NUMBER)
            .values(last_seq=_COUNTER.c.last_seq + 1, last_queued_at=latest))


def _ticket_values(seq, number, queued_at) -> dict:
    return {"category_id": _P["category_id"], "issued_category_id": _P["category_id"],
            "day": _P["day"], "seq": seq, "number": number, "token": _P["token"],
            "priority": _P["priority"], "rank": _P["rank"], "queued_at": queued_at,
            "status": literal("waiting"), "issued_at": _P["now"], "kiosk_id": _P["kiosk_id"],
            "recalls": literal(0), "requeues": literal(0),
            "appointment_code": _P["appointment_code"], "phone": _P["phone"]}


def _insert_ticket(dialect: str):
    """The ticket, queued at the time its counter just gave out."""
    queued_at = select(_COUNTER.c.last_queued_at).where(*_THIS_COUNTER).scalar_subquery()
    return (insert(_TICKET).values(_ticket_values(_P["seq"], _P["number"], queued_at))
            .returning(_TICKET.c.id))


def _insert_from(table, values: dict, source):
    return insert(table).from_select(list(values), select(*values.values()).select_from(source))


def _one_statement(dialect: str):
    """PostgreSQL: number, insert, chain the audit entry, publish the event, in one."""
    numbered = _numbering(dialect).returning(
        _COUNTER.c.last_seq, _COUNTER.c.waiting, _COUNTER.c.last_queued_at).cte("numbered")
    seq_text = cast(numbered.c.last_seq, String)
    number = bindparam("prefix", type_=String) + case(
        (numbered.c.last_seq < 1000, func.lpad(seq_text, 3, "0")), else_=seq_text)
    ticket = _ticket_values(numbered.c.last_seq, number, numbered.c.last_queued_at)
    issued = (_insert_from(_TICKET, ticket, numbered)
              .returning(_TICKET.c.id, _TICKET.c.number).cte("issued"))
    ticket_id = cast(issued.c.id, String)
    # The audit head is updated FROM issued: its row is locked after the counter's, the
    # order every writer keeps (counter, audit head, event head).
    entered = chained_entry(
        _ENTRY_HOLES, {"created_at": _P["now"], "action": literal("ticket.issued"),
                       "object_id": ticket_id, "object_label": issued.c.number,
                       "after": spliced("after", [issued.c.number])},
        fills={_NUMBER_HOLE.name: issued.c.number, _TICKET_ID_HOLE.name: ticket_id},
        source=issued, when=(issued.c.id.is_not(None),)).returning(_ENTRY.c.id).cte("entered")
    published = published_event(
        spliced("event", [ticket_id, issued.c.number]), kind=literal("ticket.issued"),
        created_at=_P["now"], source=issued, when=(entered.c.id.is_not(None),)
    ).returning(_EVENT.c.id).cte("published")
    return (select(issued.c.id, issued.c.number, numbered.c.waiting)
            .select_from(issued.join(numbered, true()).join(published, true())))


_NUMBER = Prepared(lambda dialect: _numbering(dialect).returning(
    _COUNTER.c.last_seq, _COUNTER.c.waiting))
_INSERT_TICKET = Prepared(_insert_ticket)
_ISSUE_IN_ONE_STATEMENT = Prepared(_one_statement)
