"""The day's booking figures on the dashboard and a period's in the reports."""
from datetime import date

from hall.appointments import services
from hall.appointments.figures import day_figures
from hall.core import clock
from hall.core.extensions import db
from hall.dashboard import report_bookings
from hall.dashboard.figures import today
from tests.appointments.conftest import PUBLIC

THURSDAY = date(2026, 12, 3)


def book_four(booking_hall):
    """Thursday 09:00 and 14:00: one arrives, one stays away, one cancels, one to come."""
    arrives, away = booking_hall.book(1), booking_hall.book(2)
    cancels, later = booking_hall.book(3, slot=1), booking_hall.book(4, slot=1)
    services.cancel(cancels.token, clock.now(), PUBLIC)
    db.session.commit()
    return arrives, away, later


def test_the_dashboard_counts_arrivals_and_no_shows(booking_hall, freeze_time):
    arrives, _, _ = book_four(booking_hall)
    freeze_time("2026-12-03 08:50")
    services.check_in(arrives, clock.now(), PUBLIC)
    freeze_time("2026-12-03 09:20")                      # 09:00's check-in closed at 09:15
    services.mark_no_shows(clock.now())
    db.session.commit()
    figures = today(clock.now())
    assert (figures["appointments_due"], figures["appointments_arrived"],
            figures["appointments_no_show"], figures["appointments_to_come"]) == (3, 1, 1, 1)
    assert day_figures(THURSDAY)["appointments_cancelled"] == 1


def test_the_report_block_and_its_sentence(booking_hall, freeze_time):
    arrives, _, _ = book_four(booking_hall)
    freeze_time("2026-12-03 08:50")
    services.check_in(arrives, clock.now(), PUBLIC)
    freeze_time("2026-12-04 10:00")
    services.mark_no_shows(clock.now())
    db.session.commit()
    figures = report_bookings.figures(date(2026, 12, 1), date(2026, 12, 31))
    assert figures == {"booked": 3, "arrived": 1, "no_show": 2, "cancelled": 1,
                       "arrival_rate": 1 / 3}
    assert report_bookings.sentence(figures) == "预约办理 3 人，已签到 1 人，爽约 2 人，到场率 33.3%"
    assert report_bookings.figures(date(2026, 11, 1), date(2026, 11, 30))["booked"] == 0
