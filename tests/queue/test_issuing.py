"""Issuing: the line's length kept by the database, the place in line it gives a new
ticket, and PostgreSQL's one-statement path."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from hall.audit.models import AuditEntry
from hall.audit.services import verify_chain
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.events.models import Event
from hall.queue import issuing, tickets
from hall.queue.models import Ticket, TicketCounter
from hall.settings import services as settings
from tests.factories import TEST_ACTOR


def issue(category, minutes=0):
    return tickets.issue_ticket(category, clock.now() + timedelta(minutes=minutes))


def assert_lines_counted() -> None:
    """Every counter's line length is the number of tickets waiting in that line."""
    db.session.flush()
    counted = dict(db.session.execute(
        select(TicketCounter.category_id, TicketCounter.waiting)
        .where(TicketCounter.waiting != 0)).all())
    actual = dict(db.session.execute(
        select(Ticket.category_id, func.count()).where(Ticket.status == "waiting")
        .group_by(Ticket.category_id)).all())
    assert counted == actual


def test_the_database_keeps_each_line_length_through_every_move(two_window_hall):
    settings.update(TEST_ACTOR, {"noshow_requeue": True, "noshow_requeue_behind": 1})
    first, _, third = (issue(two_window_hall.a), issue(two_window_hall.a, 1),
                       issue(two_window_hall.a, 2))
    assert_lines_counted()
    called = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    assert called.id == first.id
    assert_lines_counted()
    tickets.no_show(first, Actor.of(two_window_hall.staff), clock.now())   # back in line
    assert_lines_counted()
    moved = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.transfer(moved, Actor.of(two_window_hall.staff), clock.now(), category=two_window_hall.b)
    assert_lines_counted()   # the police line had no counter row: it was made
    db.session.delete(third)
    assert_lines_counted()
    db.session.add(Ticket(category_id=two_window_hall.b.id, issued_category_id=two_window_hall.b.id,
                          day=moved.day, seq=99, number="B099", token="written-directly",
                          queued_at=clock.now(), issued_at=clock.now()))
    assert_lines_counted()   # however a ticket is written
    assert db.session.get(TicketCounter, (two_window_hall.b.id, moved.day)).waiting == 2


def test_a_new_ticket_is_told_the_place_in_line_it_will_be_called_in(two_window_hall):
    settings.update(TEST_ACTOR, {"noshow_requeue": True, "noshow_requeue_behind": 1})
    made = [issuing.issue(two_window_hall.a, clock.now() + timedelta(minutes=n)) for n in range(4)]
    assert [t.ahead for t in made] == [0, 1, 2, 3]
    called = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    tickets.transfer(called, Actor.of(two_window_hall.staff), clock.now(),
                     window=two_window_hall.w4)  # to the front
    later = issuing.issue(two_window_hall.a, clock.now() + timedelta(minutes=10))
    db.session.flush()
    assert later.ahead == tickets.ahead_of(db.session.get(Ticket, later.id)) == 4


def test_a_ticket_queues_after_the_one_numbered_before_it(two_window_hall):
    """A kiosk whose press came a moment earlier but got the counter later queues after."""
    late = issuing.issue(two_window_hall.a, clock.now() + timedelta(seconds=5))
    early = issuing.issue(two_window_hall.a, clock.now())
    db.session.flush()
    rows = {t.id: t for t in db.session.scalars(select(Ticket))}
    assert rows[early.id].queued_at == rows[late.id].queued_at
    assert rows[early.id].issued_at < rows[late.id].issued_at
    assert early.ahead == 1 == tickets.ahead_of(rows[early.id])


def test_a_category_closed_elsewhere_stops_issuing_at_once(client, two_window_hall):
    assert client.post("/api/v1/tickets", json={"category": "civil"}).status_code == 201
    db.session.commit()
    # Another worker closes it: this process still has the category in its cache.
    db.session.execute(text("UPDATE category SET is_active = :no WHERE code = 'civil'"),
                       {"no": False})
    db.session.commit()
    refused = client.post("/api/v1/tickets", json={"category": "civil"})
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "category_closed")
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_a_new_ticket_is_journalled_with_the_serialisers_of_every_ticket_operation(
        client, two_window_hall):
    """The step-by-step path (SQLite's, and PostgreSQL's first ticket of a day)."""
    issued = client.post("/api/v1/tickets", json={"category": "civil"}).json
    db.session.rollback()
    ticket = db.session.get(Ticket, issued["id"])
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.object_type, entry.object_id, entry.object_label) == (
        "ticket.issued", "Ticket", str(ticket.id), "A001")
    assert json.loads(entry.after) == ticket.audit_dict()
    event = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert (event.kind, json.loads(event.payload)) == ("ticket.issued",
                                                       tickets.ticket_event(ticket))
    assert verify_chain() == (1, None, "")


def test_postgresql_issues_in_one_statement_with_the_same_journal(client, two_window_hall,
                                                                  monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's")
    first = client.post("/api/v1/tickets", json={"category": "civil"}).json  # makes the counter
    monkeypatch.setattr(issuing, "_issue_step_by_step",
                        lambda *args: pytest.fail("took the step-by-step path"))
    second = client.post("/api/v1/tickets", json={"category": "civil"}).json
    assert (first["number"], second["number"], second["ahead"]) == ("A001", "A002", 1)
    db.session.rollback()
    assert verify_chain() == (2, None, "")
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.object_type, entry.object_id, entry.object_label) == (
        "ticket.issued", "Ticket", str(second["id"]), "A002")
    # The journal holds what the serialisers of every other ticket operation say of the
    # ticket as stored: a waiting A002 of civil, at no window.
    ticket = db.session.get(Ticket, second["id"])
    assert (ticket.number, ticket.status, ticket.priority, ticket.window_id, ticket.staff_id,
            ticket.requeues, ticket.category_id, ticket.category.code) == (
        "A002", "waiting", False, None, None, 0, two_window_hall.a.id, "civil")
    assert json.loads(entry.after) == ticket.audit_dict()
    event = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert (event.kind, json.loads(event.payload)) == ("ticket.issued",
                                                       tickets.ticket_event(ticket))


def test_numbers_past_999_keep_every_digit(client, two_window_hall):
    client.post("/api/v1/tickets", json={"category": "civil"})
    db.session.execute(text("UPDATE ticket_counter SET last_seq = 998"))
    db.session.commit()
    numbers = [client.post("/api/v1/tickets", json={"category": "civil"}).json["number"]
               for _ in range(2)]
    assert numbers == ["A999", "A1000"]


def test_a_request_run_again_after_a_lost_try_hands_out_the_ticket_that_try_saved(
        client, two_window_hall, monkeypatch):
    """The lost try saved its ticket (autocommit), then its connection went: the request is
    run again and answers with that ticket instead of issuing a second one."""
    from sqlalchemy.exc import OperationalError
    real_issue, tries = issuing.issue, []

    def saved_then_lost(*args, **kwargs):
        tries.append(kwargs["token"])
        new = real_issue(*args, **kwargs)
        if len(tries) == 1:   # saved as autocommit saves, out of SQLAlchemy's sight
            db.session.connection().connection.driver_connection.commit()
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return new
    monkeypatch.setattr(issuing, "issue", saved_then_lost)
    response = client.post("/api/v1/tickets", json={"category": "civil"})
    assert response.status_code == 201 and response.json["number"] == "A001"
    assert len(tries) == 1   # the second run found the ticket by its token
    assert response.json["token"] == tries[0]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1
