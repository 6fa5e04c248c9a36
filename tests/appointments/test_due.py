"""A walk-in's estimated wait counts the booked appointments due before it."""
from datetime import date

from hall.appointments.due import due_by_category
from hall.core import clock
from hall.core.extensions import db
from hall.queue import tickets


def test_bookings_due_within_the_hour_count_until_their_check_in_closes(booking_hall, freeze_time):
    booking_hall.book(1)
    booking_hall.book(2)
    booking_hall.book(3, slot=1)                                  # 14:00: not due in the morning
    db.session.commit()
    freeze_time("2026-12-03 08:30")
    assert due_by_category(clock.now()) == {booking_hall.category.id: 2}
    freeze_time("2026-12-03 09:16")                       # check-in closed at 09:15
    assert due_by_category(clock.now()) == {}


def test_the_walk_in_estimate_grows_by_the_appointments_due(booking_hall, make, freeze_time, client):
    staff = make.user(role="staff")
    make.window(no=1, categories=[booking_hall.category], staff_a_id=staff.id)
    freeze_time("2026-12-03 09:00")
    walk_in = tickets.issue_ticket(booking_hall.category, clock.now())
    db.session.commit()
    alone = client.get(f"/api/v1/tickets/{walk_in.token}").json["est_wait_minutes"]
    freeze_time("2026-12-01 10:00")
    booking_hall.book(1, day=date(2026, 12, 3))
    booking_hall.book(2, day=date(2026, 12, 3))
    db.session.commit()
    freeze_time("2026-12-03 09:00")
    behind_two = client.get(f"/api/v1/tickets/{walk_in.token}").json["est_wait_minutes"]
    assert alone is not None and behind_two > alone
