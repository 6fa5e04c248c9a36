"""The dashboard follows the hours: its chart spans them, its window alerts count from the
session under way and keep quiet outside the sessions."""
from datetime import date

from hall.core import clock
from hall.core.extensions import db
from hall.dashboard import chart
from hall.dashboard.today import chart_hours, opening
from hall.hours import services as hours
from tests.factories import TEST_ACTOR
from tests.hours.conftest import TUESDAY

DAY = date.fromisoformat(TUESDAY)


def test_the_chart_spans_ticketing_start_to_closing(real_hours_hall):
    assert chart_hours(DAY) == (8, 18)           # tickets from 08:30, closing 17:30
    assert [h["hour"] for h in chart.hourly(DAY)] == list(range(8, 18))
    hours.save_special_day(TEST_ACTOR, DAY, "09:00-12:00,13:30-20:00", None, "延时服务")
    db.session.commit()
    assert chart_hours(DAY) == (9, 20)
    assert chart_hours(date(2026, 12, 5)) == (8, 18)   # a closed Saturday keeps the usual frame


def test_a_round_the_clock_day_is_charted_whole(real_hours_hall):
    hours.set_weekdays(TEST_ACTOR, [1], "00:00-24:00", None)
    db.session.commit()
    assert chart_hours(DAY) == (0, 24) and len(chart.hourly(DAY)) == 24


def test_window_alerts_count_from_the_session_under_way(real_hours_hall, freeze_time):
    freeze_time(f"{TUESDAY} 10:00")
    assert clock.local(opening(DAY, clock.now())).strftime("%H:%M") == "09:00"
    freeze_time(f"{TUESDAY} 13:50")
    assert clock.local(opening(DAY, clock.now())).strftime("%H:%M") == "13:30"


def test_outside_the_sessions_no_window_counts_as_paused(real_hours_hall, freeze_time):
    for moment in (f"{TUESDAY} 12:30", f"{TUESDAY} 07:00", f"{TUESDAY} 20:00",
                   "2026-12-05 10:00"):
        freeze_time(moment)
        now = clock.now()
        assert opening(clock.local(now).date(), now) == now
