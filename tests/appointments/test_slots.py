"""Slots from the templates: working days, holidays, 调休 days, exceptions, hours."""
from datetime import date, datetime

from sqlalchemy import func, select

from hall.appointments import services
from hall.appointments.models import Slot, SlotException
from hall.calendar.models import CalendarDay, CalendarYear
from hall.core import clock
from hall.core.extensions import db
from hall.hours.models import SpecialDay
from tests.appointments.conftest import THURSDAY


def _times(slots):
    return [(s.start_time, s.end_time, s.capacity, s.left) for s in slots]


def test_a_working_day_has_its_weekday_slots_made_once(booking_hall):
    slots = booking_hall.slots()
    assert _times(slots) == [("09:00", "09:30", 2, 2), ("14:00", "14:30", 2, 2)]
    assert clock.local(slots[0].starts_at) == datetime(2026, 12, 3, 9, 0,
                                                       tzinfo=clock.hall_zone())
    db.session.commit()
    again = booking_hall.slots()
    assert [s.id for s in again] == [s.id for s in slots]
    assert db.session.scalar(select(func.count()).select_from(Slot)) == 2


def test_weekends_and_holidays_have_none(booking_hall):
    assert booking_hall.slots(date(2026, 12, 5)) == []          # Saturday
    db.session.add(CalendarYear(year=2026, source="manual", loaded_at=clock.now(),
                                loaded_by="test"))
    db.session.add(CalendarDay(day=THURSDAY, kind="holiday", name="测试假日"))
    db.session.commit()
    assert booking_hall.slots() == []


def test_a_makeup_working_day_takes_mondays_slots(booking_hall):
    saturday = date(2026, 12, 5)
    db.session.add(CalendarYear(year=2026, source="manual", loaded_at=clock.now(),
                                loaded_by="test"))
    db.session.add(CalendarDay(day=saturday, kind="workday", name="调休上班"))
    db.session.commit()
    assert _times(booking_hall.slots(saturday)) == [("09:00", "09:30", 2, 2), ("14:00", "14:30", 2, 2)]


def test_an_exception_closes_a_date_or_changes_its_places(booking_hall):
    db.session.add(SlotException(category_id=booking_hall.category.id, day=THURSDAY, closed=True,
                                 label="系统升级"))
    db.session.commit()
    assert booking_hall.slots() == []
    exception = db.session.scalar(select(SlotException))
    exception.closed, exception.capacity = False, 5
    db.session.commit()
    assert [s.capacity for s in booking_hall.slots()] == [5, 5]


def test_a_changed_template_never_takes_capacity_below_the_booked(booking_hall):
    booking_hall.book(1)
    booking_hall.book(2)
    db.session.commit()
    exception = SlotException(category_id=booking_hall.category.id, day=THURSDAY, closed=False,
                              capacity=1)
    db.session.add(exception)
    db.session.commit()
    first = booking_hall.slots()[0]
    assert (first.capacity, first.booked, first.left) == (2, 2, 0)


def test_slots_stay_within_the_days_opening_sessions(booking_hall):
    db.session.add(SpecialDay(day=THURSDAY, sessions="08:30-12:00", label="下午闭厅"))
    db.session.commit()
    from hall.hours import services as hours
    hours.forget_cached()
    assert _times(booking_hall.slots()) == [("09:00", "09:30", 2, 2)]


def test_an_inactive_category_offers_nothing(booking_hall):
    booking_hall.category.is_active = False
    db.session.commit()
    assert services.slots_for(booking_hall.category, THURSDAY, clock.now()) == []
