"""Booking: the window, the checks, the limits, the last place, cancelling, the SMS."""
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.appointments import services
from hall.appointments.models import Appointment, Slot
from hall.audit.models import AuditEntry
from hall.core import clock
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.notify.models import OutboxMessage
from tests.appointments.conftest import THURSDAY, person_id, phone_of


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_booking_has_a_code_a_token_a_place_an_audit_entry_and_an_sms(booking_hall):
    appointment = booking_hall.book(1)
    db.session.commit()
    assert appointment.status == "booked"
    assert len(appointment.code) == 8 and appointment.code.isdigit()
    assert len(appointment.token) >= 20
    assert db.session.get(Slot, appointment.slot_id).booked == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "appointment.booked"))
    assert person_id(1) not in entry.after and "110105" in entry.after
    sms = db.session.scalar(select(OutboxMessage))
    assert sms.kind == "booking_confirmed" and sms.phone == phone_of(1)
    assert appointment.code in sms.text and person_id(1) not in sms.text


@pytest.mark.parametrize("moment, allowed", [
    ("2026-11-26 00:00", True),      # D-7 at midnight: opens
    ("2026-11-25 23:59", False),     # before it
    ("2026-12-02 16:59", True),      # the day before, before the 17:00 cutoff
    ("2026-12-02 17:00", False),     # at the cutoff
])
def test_the_booking_window(booking_hall, freeze_time, moment, allowed):
    slot_id = booking_hall.slots()[0].id
    db.session.commit()
    freeze_time(moment)
    if allowed:
        services.book(slot_id, "张三", person_id(1), phone_of(1), clock.now(),
                      services.SYSTEM)
    else:
        with pytest.raises(Conflict) as refused:
            services.book(slot_id, "张三", person_id(1), phone_of(1), clock.now(),
                          services.SYSTEM)
        assert refused.value.code == "booking_closed"


@pytest.mark.parametrize("field, value", [
    ("id_number", "110105199001010011"),    # wrong check digit
    ("id_number", "12345"),
    ("phone", "12345678901"),
    ("phone", "0938-1234567"),              # a landline takes no SMS
    ("name", ""),
    ("name", "张" * 41),
])
def test_bad_personal_data_is_refused_and_nothing_is_stored(booking_hall, field, value):
    with pytest.raises(DomainError) as refused:
        booking_hall.book(1, **{field: value})
    assert refused.value.status == 400 and field in refused.value.fields
    db.session.rollback()
    assert _count(Appointment) == 0
    assert db.session.scalar(select(func.sum(Slot.booked))) in (0, None)


def test_one_active_booking_per_category(booking_hall):
    booking_hall.book(1)
    with pytest.raises(Conflict) as refused:
        booking_hall.book(1, slot=1)
    assert refused.value.code == "limit_reached"


def test_the_weekly_limit_counts_the_weeks_bookings(booking_hall, make):
    for n in range(3):
        other = make.category(code=f"c{n}", name=f"业务{n}", prefix="CDE"[n])
        from tests.appointments.conftest import add_templates
        add_templates(other)
        slot = services.slots_for(other, date(2026, 12, 2 + n), clock.now())[0]
        services.book(slot.id, "张三", person_id(1), phone_of(1), clock.now(), services.SYSTEM)
    with pytest.raises(Conflict) as refused:
        booking_hall.book(1)
    assert refused.value.code == "limit_reached" and "每周最多预约 3 次" in refused.value.message


def test_the_last_place_is_refused_to_the_next(booking_hall):
    booking_hall.book(1)
    booking_hall.book(2)
    with pytest.raises(Conflict) as refused:
        booking_hall.book(3)
    assert refused.value.code == "slot_full"
    assert booking_hall.slots()[0].booked == 2


def test_blocked_people_are_refused(booking_hall):
    from hall.appointments.models import NoShowBlock
    db.session.add(NoShowBlock(id_number=person_id(1), since=clock.now(), no_shows=3,
                               until=clock.now().replace(year=2027), lifted_by=""))
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        booking_hall.book(1)
    assert refused.value.code == "blocked"


def test_cancel_frees_the_place_until_the_hour_before(booking_hall, freeze_time):
    first, second = booking_hall.book(1), booking_hall.book(2)
    db.session.commit()
    cancelled = services.cancel(first.token, clock.now(), services.SYSTEM)
    assert cancelled.status == "cancelled" and booking_hall.slots()[0].booked == 1
    booking_hall.book(3)                      # the freed place is bookable again
    db.session.commit()
    freeze_time("2026-12-03 08:00")   # exactly one hour before 09:00
    with pytest.raises(Conflict) as refused:
        services.cancel(second.token, clock.now(), services.SYSTEM)
    assert refused.value.code == "too_late"
    with pytest.raises(Conflict):
        services.cancel(first.token, clock.now(), services.SYSTEM)   # already cancelled


def test_reminders_are_enqueued_once_the_day_before(booking_hall, freeze_time):
    booking_hall.book(1)
    db.session.commit()
    freeze_time("2026-12-02 16:59")
    assert services.send_reminders(clock.now()) == 0
    freeze_time("2026-12-02 17:00")
    assert services.send_reminders(clock.now()) == 1
    assert services.send_reminders(clock.now()) == 0    # the key: never twice
    kinds = sorted(db.session.scalars(select(OutboxMessage.kind)))
    assert kinds == ["booking_confirmed", "booking_reminder"]


def test_the_day_is_kept_on_the_booking(booking_hall):
    assert booking_hall.book(1).day == THURSDAY
