"""A window holds at most one called or serving ticket: the service, the index, the migration."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue.models import Ticket, TicketCounter
from hall.windows.models import Window
from tests.factories import PASSWORD


def active_at(window) -> list[str]:
    return db.session.scalars(select(Ticket.number).where(
        Ticket.window_id == window.id, Ticket.status.in_(tickets.ACTIVE))).all()


def test_a_second_call_while_one_is_called_or_served_is_refused_naming_it(two_window_hall):
    for _ in range(3):
        tickets.issue_ticket(two_window_hall.a, clock.now())
    first = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="本窗口已叫 A001 号（已叫号）") as refused:
        tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    assert refused.value.code == "window_busy" and refused.value.status == 409
    tickets.start(first, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="A001 号（办理中）"):
        tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    with pytest.raises(Conflict, match="不在叫号状态"):
        tickets.recall(first, Actor.of(two_window_hall.staff), clock.now())
    assert active_at(two_window_hall.w3) == ["A001"]
    tickets.finish(first, Actor.of(two_window_hall.staff), clock.now())
    assert tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff),
                             clock.now()).number == "A002"
    assert active_at(two_window_hall.w3) == ["A002"]


def test_recall_start_and_transfer_keep_one_ticket_per_window(two_window_hall):
    for _ in range(2):
        tickets.issue_ticket(two_window_hall.a, clock.now())
    at_3 = tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    at_4 = tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now())
    tickets.recall(at_3, Actor.of(two_window_hall.staff), clock.now())
    tickets.start(at_3, Actor.of(two_window_hall.staff), clock.now())
    # Sent to window 4, which is busy: it waits there until window 4 calls again.
    tickets.transfer(at_3, Actor.of(two_window_hall.staff), clock.now(), window=two_window_hall.w4)
    assert active_at(two_window_hall.w3) == [] and active_at(two_window_hall.w4) == [at_4.number]
    with pytest.raises(Conflict):
        tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now())
    tickets.finish(at_4, Actor.of(two_window_hall.staff), clock.now())
    assert tickets.call_next(two_window_hall.w4, Actor.of(two_window_hall.staff), clock.now()).id == at_3.id
    assert active_at(two_window_hall.w4) == [at_3.number]


def test_the_database_refuses_a_second_active_ticket_at_a_window(two_window_hall):
    """Whatever writes the tickets: the partial unique index, on both engines."""
    first, second, third = (tickets.issue_ticket(two_window_hall.a, clock.now()) for _ in range(3))
    tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Ticket).where(Ticket.id == second.id)
                           .values(status="serving", window_id=two_window_hall.w3.id))
    db.session.rollback()
    # Finished and waiting tickets are outside the index: many may name the window.
    db.session.execute(update(Ticket).where(Ticket.id.in_([second.id, third.id]))
                       .values(status="done", window_id=two_window_hall.w3.id))
    db.session.commit()
    assert active_at(two_window_hall.w3) == [first.number]


def test_a_window_paused_meanwhile_is_seen_after_the_lock(two_window_hall):
    """call_next reads the window again once it holds the row: not the status it was given."""
    tickets.issue_ticket(two_window_hall.a, clock.now())
    db.session.commit()
    table = Window.__table__
    db.session.execute(update(table).where(table.c.id == two_window_hall.w3.id)
                       .values(status="paused"))
    db.session.commit()
    assert two_window_hall.w3.status == "open"          # the stale copy in hand
    with pytest.raises(Conflict, match="暂停"):
        tickets.call_next(two_window_hall.w3, Actor.of(two_window_hall.staff), clock.now())


def test_the_migration_sends_extra_tickets_back_to_their_line(two_window_hall):
    """Before the index, simultaneous calls could leave a window several tickets; the
    upgrade keeps the one the console shows and returns the others to the line."""
    from importlib import import_module
    migration = import_module("hall.migrations.versions.0011_window_one_ticket")
    issued = [tickets.issue_ticket(two_window_hall.a, clock.now()) for _ in range(4)]
    db.session.commit()
    db.session.execute(text("DROP INDEX uq_ticket_window_active"))
    try:
        now = clock.now()
        for n, ticket in enumerate(issued[:3]):
            db.session.execute(update(Ticket).where(Ticket.id == ticket.id).values(
                status="called", window_id=two_window_hall.w3.id,
                called_at=now + timedelta(seconds=n)))
        db.session.execute(update(Ticket).where(Ticket.id == issued[3].id).values(
            status="serving", window_id=two_window_hall.w4.id, called_at=now))
        db.session.execute(text(migration.RETURN_EXTRA_TICKETS))
    finally:
        db.session.execute(text("CREATE UNIQUE INDEX uq_ticket_window_active ON ticket "
                                f"(window_id) WHERE {migration.ACTIVE}"))
        db.session.commit()
    assert active_at(two_window_hall.w3) == ["A003"] and active_at(two_window_hall.w4) == ["A004"]
    back = db.session.scalars(select(Ticket).where(Ticket.status == "waiting")
                              .execution_options(populate_existing=True)).all()
    assert sorted(t.number for t in back) == ["A001", "A002"]
    assert all(t.window_id is None for t in back)
    waiting = db.session.scalar(select(func.sum(TicketCounter.waiting)))
    assert waiting == 2      # the line's count kept by the triggers of 0010


def test_a_second_press_through_the_api_is_a_409_in_chinese(client, two_window_hall):
    tickets.issue_ticket(two_window_hall.a, clock.now())
    tickets.issue_ticket(two_window_hall.a, clock.now())
    db.session.commit()
    token = client.post("/api/v1/auth/token", json={"username": two_window_hall.staff.username,
                                                     "password": PASSWORD}).json["token"]
    headers = {"Authorization": "Bearer " + token}
    assert client.post("/api/v1/windows/3/call-next", headers=headers).status_code == 200
    again = client.post("/api/v1/windows/3/call-next", headers=headers)
    assert again.status_code == 409
    assert again.json["error"]["code"] == "window_busy"
    assert "本窗口已叫 A001 号" in again.json["error"]["message"]
    assert active_at(two_window_hall.w3) == ["A001"]
