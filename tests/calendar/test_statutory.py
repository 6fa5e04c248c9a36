"""The statutory holidays and the provisional calendar, on dates worked out by hand.

2027 is the provisional year: the State Council had not published its schedule when this
was written. Its lunar dates (checked against published almanacs): 除夕 = 5 February (Fri),
正月初一 = 6 February, 端午 = 9 June (Wed), 中秋 = 15 September (Wed); 清明 = 5 April (Mon).
"""
from datetime import date, timedelta

import pytest

from hall.calendar.statutory import holiday_dates, statutory_holidays
from hall.calendar.workdays import Calendar, CalendarMissing

LOADED_2026 = Calendar.of(years=[2026])
PROVISIONAL = LOADED_2026.with_estimate(holiday_dates)


def test_the_2027_statutory_holidays():
    assert statutory_holidays(2027) == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节", date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节", date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节", date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节", date(2027, 10, 2): "国庆节", date(2027, 10, 3): "国庆节",
    }


def test_13_days_a_year_and_mid_autumn_inside_national_day_counts_once():
    assert len(statutory_holidays(2027)) == 13
    # 2028: 中秋 is 3 October, already a 国庆 day: 12 distinct days.
    assert date(2028, 10, 3) in holiday_dates(2028) and len(holiday_dates(2028)) == 12
    # 2025's 除夕 is 28 January and 2026's 清明 is 5 April (both published schedules agree).
    assert statutory_holidays(2025)[date(2025, 1, 28)] == "春节"
    assert statutory_holidays(2026)[date(2026, 4, 5)] == "清明节"


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_weekday_was_a_holiday_in_the_published_schedule(year):
    """The estimate agrees with the real schedules chinesecalendar carries."""
    from chinese_calendar import constants
    official = {day for day in constants.holidays if day.year == year}
    assert {day for day in holiday_dates(year) if day.weekday() < 5} <= official


@pytest.mark.parametrize("start, days, expected", [
    # 元旦: Fri 1/1 off, 1/2-1/3 weekend: Mon 1/4.
    (date(2026, 12, 31), 1, date(2027, 1, 4)),
    # 12/29-12/31 = 3 (2026 as published), 1/1 off, 1/4 = 4, 1/5 = 5.
    (date(2026, 12, 28), 5, date(2027, 1, 5)),
    # 春节: 除夕 Fri 2/5 off, 2/6-2/7 weekend, 初三 Mon 2/8 off: Tue 2/9.
    (date(2027, 2, 4), 1, date(2027, 2, 9)),
    # 1/26-1/29 = 4, 2/1-2/4 = 8, 2/9-2/12 = 12, 2/15-2/17 = 15.
    (date(2027, 1, 25), 15, date(2027, 2, 17)),
    # 清明 Mon 4/5 off: Tue 4/6.
    (date(2027, 4, 2), 1, date(2027, 4, 6)),
    # 劳动节 falls on Sat 5/1 and Sun 5/2: rest days anyway, no 补假 is guessed: Mon 5/3.
    (date(2027, 4, 30), 1, date(2027, 5, 3)),
    # 端午 Wed 6/9 off: Thu 6/10.
    (date(2027, 6, 8), 1, date(2027, 6, 10)),
    # 中秋 Wed 9/15 off: Thu 9/16.
    (date(2027, 9, 14), 1, date(2027, 9, 16)),
    # 国庆: Fri 10/1 off, 10/2-10/3 are Sat and Sun (holidays on a weekend stay rest days,
    # no make-up working day is predicted): Mon 10/4.
    (date(2027, 9, 30), 1, date(2027, 10, 4)),
    # The Saturday before 国庆 is a plain rest day: no 调休 is guessed (Sun 9/26 stays off).
    (date(2027, 9, 24), 1, date(2027, 9, 27)),
])
def test_provisional_deadlines_worked_out_by_hand(start, days, expected):
    assert PROVISIONAL.add_workdays(start, days) == expected
    assert PROVISIONAL.reaches_estimate(start, expected)


def test_a_deadline_inside_a_loaded_year_is_not_provisional():
    assert PROVISIONAL.add_workdays(date(2026, 12, 28), 3) == date(2026, 12, 31)
    assert not PROVISIONAL.reaches_estimate(date(2026, 12, 28), date(2026, 12, 31))
    assert not PROVISIONAL.reaches_estimate(date(2026, 12, 31), date(2026, 12, 31))
    # Starting on 12/31 of a loaded year and ending in the next: the next year is unknown.
    assert PROVISIONAL.reaches_estimate(date(2026, 12, 31), date(2027, 1, 4))


def test_without_an_estimate_the_calendar_still_refuses_to_guess():
    with pytest.raises(CalendarMissing) as missing:
        LOADED_2026.add_workdays(date(2026, 12, 31), 1)
    assert missing.value.year == 2027


def test_a_loaded_year_wins_over_the_estimate():
    """Once 2027 is loaded, its make-up Sunday counts and the estimate is not used."""
    loaded = Calendar.of(holidays=[date(2027, 1, 1) + timedelta(days=n) for n in range(3)],
                         makeup_days=[], years=[2026, 2027]).with_estimate(holiday_dates)
    assert loaded.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert not loaded.reaches_estimate(date(2026, 12, 31), date(2027, 1, 4))


def test_years_outside_the_tables_are_refused():
    with pytest.raises(ValueError):
        statutory_holidays(1800)


def test_the_summary_joins_consecutive_days():
    from hall.calendar.statutory import holiday_summary
    summary = holiday_summary(2027)
    assert summary[1] == ("春节", date(2027, 2, 5), date(2027, 2, 8))
    assert [name for name, _, _ in summary] == [
        "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
