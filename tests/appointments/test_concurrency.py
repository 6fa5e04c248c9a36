"""Many people race for the last places through gunicorn with several workers: the database
decides, so exactly the capacity is booked (both engines)."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hall.appointments import services
from hall.appointments.models import Appointment, Slot
from hall.core import clock
from hall.core.extensions import db
from tests.appointments.conftest import add_templates, person_id, phone_of
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow


def _a_bookable_day():
    """A day after tomorrow (real time: the server's clock is not frozen) with slots."""
    today = clock.local().date()
    for n in range(2, 8):
        day = today + timedelta(days=n)
        if services.template_weekday(day) is not None:
            return day
    pytest.skip("no working day in the booking window")


def test_forty_people_race_for_five_places(app, make, database_url):
    category = make.category(code="estate", name="不动产登记", prefix="B")
    add_templates(category, capacity=5, weekdays=range(7), times=(("09:00", "09:30"),))
    day = _a_bookable_day()
    slot_id = services.slots_for(category, day, clock.now())[0].id
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def person(n):
            return call(base, "POST", "/api/v1/appointments", {
                "slot_id": slot_id, "name": f"张{n}", "id_number": person_id(n),
                "phone": phone_of(n)})
        with ThreadPoolExecutor(40) as pool:
            results = list(pool.map(person, range(1, 41)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * 5 + [409] * 35, results
    assert {body["error"]["code"] for status, body in results if status == 409} == {"slot_full"}
    db.session.rollback()
    assert db.session.get(Slot, slot_id).booked == 5
    assert db.session.scalar(select(func.count()).select_from(Appointment)) == 5
    assert len({body["code"] for status, body in results if status == 201}) == 5


def test_one_person_racing_on_many_slots_and_categories_keeps_the_limits(app, make,
                                                                         database_url):
    categories = [make.category(code=f"c{n}", name=f"业务{n}", prefix="BCDEFG"[n])
                  for n in range(6)]
    slots = []
    day = None
    for category in categories:
        add_templates(category, capacity=50, weekdays=range(7),
                      times=(("09:00", "09:30"), ("10:00", "10:30")))
        day = day or _a_bookable_day()
        slots += [slot.id for slot in services.slots_for(category, day, clock.now())]
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def attempt(slot_id):
            return call(base, "POST", "/api/v1/appointments", {
                "slot_id": slot_id, "name": "李四", "id_number": person_id(7),
                "phone": phone_of(7)})
        with ThreadPoolExecutor(12) as pool:
            results = list(pool.map(attempt, slots * 2))
    booked = [body for status, body in results if status == 201]
    # Three a week (appointment_weekly_limit), never two in one category.
    assert len(booked) == 3, results
    assert len({body["category"] for body in booked}) == 3
    assert {body["error"]["code"] for status, body in results if status == 409} == {
        "limit_reached"}
    db.session.rollback()
    assert db.session.scalar(select(func.sum(Slot.booked))) == 3
