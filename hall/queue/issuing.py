"""Issuing a ticket: the kiosks' hot path.

A new ticket takes the next number of its category's day from the category's counter row,
whose lock orders the kiosks; the same UPDATE tells how long the line is (the triggers of
migration 0010 keep that count), so the ticket knows how many are ahead of it without
counting the line. Then the ticket, its audit entry and its event are written.

- SQLite: one prepared statement per step, in the caller's transaction.
- PostgreSQL: all of it is one statement. When it is the whole transaction (the API's case)
  it runs alone, in autocommit, which saves the COMMIT's round trip. A connection lost
  during it leaves the ticket's fate unknown, so the API gives each request's ticket its
  token before the first try: a request run again by `hall.core.retry` looks for that token first
  and answers with the ticket if the lost try had saved it.
"""
import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (String, Text, bindparam, case, cast, func, insert, literal, or_, select,
                        true, update)

from hall.core import clock
from hall.audit.models import AuditEntry, AuditHead, chained_fields
from hall.audit.services import Actor, ObjectRef, entry_values, record
from hall.core.counters import create_counter
from hall.core.errors import Conflict
from hall.events.models import Event, EventHead
from hall.events.services import publish
from hall.core.extensions import db
from hall.hours import services as hours
from hall.hours.models import CategoryRule
from hall.core.prepared import Prepared
from hall.queue.models import Category, Ticket, TicketCounter

PRIORITY_RANK, FRONT_RANK = 2, 1
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

    @property
    def ahead(self) -> int | None:
        """People ahead when issued: an ordinary ticket joins at the end of its line."""
        return None if self.priority else self.line_before


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
_categories: dict = {}


def category_by_code(code: str) -> CategoryRef | None:
    key = (db.engine.url, code)
    read_at, category = _categories.get(key, (None, None))
    if read_at is None or not 0 <= time.monotonic() - read_at < CATEGORY_SECONDS:
        row = _CATEGORY_BY_CODE.one({"code": code})
        if row is None:
            return None   # unknown codes are not kept: anyone can send them
        category = CategoryRef(*row)
        _categories[key] = (time.monotonic(), category)
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
          check_hours: bool = True) -> NewTicket:
    """A new waiting ticket with the category's next number of the day.

    An ordinary ticket only within the category's ticketing hours and daily quota; a
    green-channel (priority) ticket, which staff open, at any time and beyond the quota.
    The quota is checked by the UPDATE that numbers the ticket, under the counter's lock.
    """
    if not category.is_active:
        raise Conflict("该业务暂停取号", code="category_closed")
    if check_hours and not priority:
        hours.check_ticketing(category.id, now)
    actor = actor or KIOSK
    day = hall_day(now)
    params = {"category_id": category.id, "day": day, "now": now, "prefix": category.prefix,
              "token": token or new_token(), "priority": priority,
              "rank": PRIORITY_RANK if priority else 0, "kiosk_id": kiosk_id}
    connection = db.session.connection()
    row = None
    if connection.dialect.name == "postgresql":
        row = _issue_in_one_statement(connection, params, actor, category)
    if row is None:
        row = _issue_step_by_step(connection, params, actor, category)
    ticket_id, number, line_before = row
    return NewTicket(id=ticket_id, number=number, token=params["token"], day=day,
                     priority=priority, issued_at=now, line_before=line_before)


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
    after, payload = _journal_contents(number, ticket_id, params, category)
    record(actor, "ticket.issued", ObjectRef("Ticket", ticket_id), after=after, label=number,
           connection=connection)
    publish("ticket.issued", payload, params["now"], connection)
    return row


def _check_still_open(category) -> None:
    if not db.session.scalar(select(Category.is_active).where(Category.id == category.id)):
        raise Conflict("该业务暂停取号", code="category_closed")


def _journal_contents(number, ticket_id, params: dict, category) -> tuple[dict, dict]:
    """The audit entry's after-state and the event's payload of a new ticket."""
    after = {"number": number, "status": "waiting", "priority": params["priority"],
             "window_id": None, "staff_id": None, "category_id": category.id, "requeues": 0}
    payload = {"id": ticket_id, "number": number, "status": "waiting",
               "category": category.code, "priority": params["priority"],
               "window": None, "window_name": None}
    return after, payload


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
# ticket's id and number, the entry's id and previous hash). Python writes both texts with
# a mark in each of those places and sends the pieces between the marks; the database
# joins the pieces with the values.

_NUMBER_MARK, _TICKET_MARK, _PREV_MARK = "@@hall-number@@", "@@hall-ticket@@", "@@hall-prev@@"
_ENTRY_ID_MARK, _TICKET_ID_MARK = -73317331733173, -73317331733174   # numbers in the JSON
_MARKS = re.compile("|".join(re.escape(str(m)) for m in (
    _NUMBER_MARK, _TICKET_MARK, _PREV_MARK, _ENTRY_ID_MARK, _TICKET_ID_MARK)))
# Where the marks fall in the sorted canonical JSON: after (its number), id, object_id,
# object_label, prev_hash; in the event: id, number.
_ENTRY_ORDER = (_NUMBER_MARK, str(_ENTRY_ID_MARK), _TICKET_MARK, _NUMBER_MARK, _PREV_MARK)
_EVENT_ORDER = (str(_TICKET_ID_MARK), _NUMBER_MARK)


def _issue_in_one_statement(connection, params: dict, actor: Actor, category):
    """(id, number, line before) of the new ticket; None when the general path must run
    (no counter row yet today, the category closed, text that holds a mark)."""
    after, payload = _journal_contents(_NUMBER_MARK, _TICKET_ID_MARK, params, category)
    values = entry_values(actor, "ticket.issued", ObjectRef("Ticket", _TICKET_MARK),
                          after=after, label=_NUMBER_MARK, created_at=params["now"])
    canonical = json.dumps(chained_fields({**values, "id": _ENTRY_ID_MARK,
                                           "prev_hash": _PREV_MARK}),
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    entry_pieces = _split(canonical, _ENTRY_ORDER)
    after_pieces = _split(values["after"], (_NUMBER_MARK,))
    event_pieces = _split(json.dumps(payload, ensure_ascii=False, default=str), _EVENT_ORDER)
    if entry_pieces is None or after_pieces is None or event_pieces is None:
        return None
    statement_params = {
        **params, **{k: values[k] for k in ("user_id", "username", "role", "address",
                                             "object_type", "result", "before")},
        **{f"entry_{n}": piece for n, piece in enumerate(entry_pieces)},
        "after_head": after_pieces[0], "after_tail": after_pieces[1],
        **{f"event_{n}": piece for n, piece in enumerate(event_pieces)}}
    return _run_alone_if_possible(connection, statement_params)


def _split(text: str, expected: tuple) -> list[str] | None:
    """The text between the marks, when the marks are exactly the expected ones."""
    if tuple(_MARKS.findall(text)) != expected:
        return None
    return _MARKS.split(text)


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
_ENTRY, _AUDIT_HEAD = AuditEntry.__table__, AuditHead.__table__
_EVENT, _EVENT_HEAD = Event.__table__, EventHead.__table__
_P = {name: bindparam(name, type_=_TICKET.c[column].type) for name, column in (
    ("category_id", "category_id"), ("day", "day"), ("now", "issued_at"), ("token", "token"),
    ("priority", "priority"), ("rank", "rank"), ("kiosk_id", "kiosk_id"), ("seq", "seq"),
    ("number", "number"))}
_THIS_COUNTER = (_COUNTER.c.category_id == _P["category_id"], _COUNTER.c.day == _P["day"])
_CATEGORY, _RULE = Category.__table__, CategoryRule.__table__
# The category is open and, for an ordinary ticket, its quota not reached: checked on the
# counter row the UPDATE has locked, so twenty kiosks at once cannot pass the quota.
_MAY_NUMBER = (select(_CATEGORY.c.id)
               .select_from(_CATEGORY.outerjoin(_RULE, _RULE.c.category_id == _CATEGORY.c.id))
               .where(_CATEGORY.c.id == _P["category_id"], _CATEGORY.c.is_active.is_(True),
                      or_(_P["priority"], func.coalesce(_RULE.c.daily_quota, 0) == 0,
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
            "recalls": literal(0), "requeues": literal(0)}


def _insert_ticket(dialect: str):
    """The ticket, queued at the time its counter just gave out."""
    queued_at = select(_COUNTER.c.last_queued_at).where(*_THIS_COUNTER).scalar_subquery()
    return (insert(_TICKET).values(_ticket_values(_P["seq"], _P["number"], queued_at))
            .returning(_TICKET.c.id))


def _text(name: str):
    return bindparam(name, type_=Text)


def _joined(*parts):
    """Text pieces and values concatenated in order."""
    result = parts[0]
    for part in parts[1:]:
        result = result + part
    return result


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
    canonical = _joined(_text("entry_0"), issued.c.number, _text("entry_1"),
                        cast(_AUDIT_HEAD.c.last_id + 1, String), _text("entry_2"), ticket_id,
                        _text("entry_3"), issued.c.number, _text("entry_4"),
                        _AUDIT_HEAD.c.last_hash, _text("entry_5"))
    chained = (update(_AUDIT_HEAD).where(_AUDIT_HEAD.c.id == 1, issued.c.id.is_not(None))
               .values(last_id=_AUDIT_HEAD.c.last_id + 1, prev_hash=_AUDIT_HEAD.c.last_hash,
                       last_hash=func.encode(func.sha256(func.convert_to(canonical, "UTF8")),
                                             "hex"))
               .returning(_AUDIT_HEAD.c.last_id, _AUDIT_HEAD.c.prev_hash,
                          _AUDIT_HEAD.c.last_hash).cte("chained"))
    entry = {"id": chained.c.last_id, "created_at": _P["now"],
             **{c: bindparam(c, type_=_ENTRY.c[c].type)
                for c in ("user_id", "username", "role", "address", "object_type", "result",
                          "before")},
             "action": literal("ticket.issued"), "object_id": ticket_id,
             "object_label": issued.c.number,
             "after": _joined(_text("after_head"), issued.c.number, _text("after_tail")),
             "prev_hash": chained.c.prev_hash, "hash": chained.c.last_hash}
    entered = (_insert_from(_ENTRY, entry, chained.join(issued, true()))
               .returning(_ENTRY.c.id).cte("entered"))
    announced = (update(_EVENT_HEAD).where(_EVENT_HEAD.c.id == 1, entered.c.id.is_not(None))
                 .values(last_id=_EVENT_HEAD.c.last_id + 1).returning(_EVENT_HEAD.c.last_id)
                 .cte("announced"))
    event = {"id": announced.c.last_id, "created_at": _P["now"],
             "kind": literal("ticket.issued"),
             "payload": _joined(_text("event_0"), ticket_id, _text("event_1"),
                                issued.c.number, _text("event_2"))}
    published = (_insert_from(_EVENT, event, announced.join(issued, true()))
                 .returning(_EVENT.c.id).cte("published"))
    return (select(issued.c.id, issued.c.number, numbered.c.waiting)
            .select_from(issued.join(numbered, true()).join(published, true())))


_NUMBER = Prepared(lambda dialect: _numbering(dialect).returning(
    _COUNTER.c.last_seq, _COUNTER.c.waiting))
_INSERT_TICKET = Prepared(_insert_ticket)
_ISSUE_IN_ONE_STATEMENT = Prepared(_one_statement)
