"""Check-in at the kiosk: by 预约码, link or 身份证号, within its window; no-shows; blocks."""
from datetime import date

import pytest
from sqlalchemy import select

from hall.appointments import services
from hall.appointments.models import Appointment, NoShowBlock
from hall.audit.models import AuditEntry
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, NotFound
from hall.core.extensions import db
from tests.appointments.conftest import person_id


@pytest.mark.parametrize("moment, code", [
    ("2026-12-03 08:29", "too_early"),   # 30 minutes before 09:00 is 08:30
    ("2026-12-03 09:16", "too_late"),    # 15 minutes after
    ("2026-12-02 09:00", "too_early"),   # the day before
    ("2026-12-04 09:00", "too_late"),    # the day after
])
def test_check_in_outside_the_window_is_refused(booking_hall, freeze_time, moment, code):
    appointment = booking_hall.book(1)
    db.session.commit()
    freeze_time(moment)
    with pytest.raises(Conflict) as refused:
        found = services.find_for_check_in(code=appointment.code, now=clock.now())
        services.check_in(found, clock.now(), Actor(address="kiosk"))
    assert refused.value.code == code


def test_check_in_by_code_issues_a_ticket_marked_with_the_code(booking_hall, freeze_time):
    appointment = booking_hall.book(1)
    db.session.commit()
    freeze_time("2026-12-03 08:30")
    found = services.find_for_check_in(code=appointment.code, now=clock.now())
    ticket = services.check_in(found, clock.now(), Actor(address="kiosk"))
    db.session.commit()
    assert ticket.appointment_code == appointment.code
    assert found.status == "checked_in" and found.ticket_id == ticket.id
    with pytest.raises(Conflict) as again:
        services.find_for_check_in(code=appointment.code, now=clock.now())
    assert again.value.code == "already_checked_in"


def test_find_by_id_number_or_the_booking_link(booking_hall, freeze_time):
    appointment = booking_hall.book(1)
    db.session.commit()
    freeze_time("2026-12-03 08:45")
    assert services.find_for_check_in(id_number=person_id(1), now=clock.now()) == appointment
    link = f"http://hall.example/book/{appointment.token}"
    assert services.find_for_check_in(code=link, now=clock.now()) == appointment
    with pytest.raises(NotFound):
        services.find_for_check_in(id_number=person_id(2), now=clock.now())
    with pytest.raises(NotFound):
        services.find_for_check_in(code="00000000", now=clock.now())


def _no_show(booking_hall, freeze_time, n: int, day: str, booked_at: str):
    from datetime import date
    freeze_time(booked_at)
    appointment = booking_hall.book(1, day=date.fromisoformat(day))
    db.session.commit()
    freeze_time(f"{day} 09:16")
    assert services.mark_no_shows(clock.now()) == 1
    db.session.commit()
    db.session.refresh(appointment)
    assert appointment.status == "no_show"
    return appointment


def test_three_no_shows_block_booking_until_a_manager_lifts_it(booking_hall, freeze_time, make):
    _no_show(booking_hall, freeze_time, 1, "2026-12-03", "2026-12-01 10:00")
    _no_show(booking_hall, freeze_time, 2, "2026-12-08", "2026-12-07 10:00")
    assert services.blocks(clock.now()) == []
    _no_show(booking_hall, freeze_time, 3, "2026-12-10", "2026-12-09 10:00")
    [block] = services.blocks(clock.now())
    assert block.id_number == person_id(1) and block.no_shows == 3
    freeze_time("2026-12-14 10:00")
    with pytest.raises(Conflict) as refused:
        booking_hall.book(1, day=date(2026, 12, 15))
    assert refused.value.code == "blocked"
    db.session.rollback()
    manager = make.user(role="manager")
    services.lift_block(block, Actor.of(manager, "10.0.0.1"), clock.now())
    db.session.commit()
    assert services.blocks(clock.now()) == []
    lifted = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "appointment.block_lifted"))
    assert lifted.username == manager.username and person_id(1) not in lifted.before
    booking_hall.book(1, day=date(2026, 12, 15))   # booking again
    # The no-shows behind the lifted block never count towards another.
    assert services.block_if_due(person_id(1), clock.now()) is None
    assert db.session.scalar(select(NoShowBlock.lifted_at)) is not None
    assert db.session.scalar(select(Appointment).where(Appointment.status == "booked"))
