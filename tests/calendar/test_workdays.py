"""The pure working-day calendar against the State Council's 2025 and 2026 schedules.

The calendar below is typed in from the notices themselves (国务院办公厅关于2025年部分节假日
安排的通知, 国办发明电〔2024〕12号 of 2024-11-12; 国务院办公厅关于2026年部分节假日安排的通知
of 2025-11-04, as published by Xinhua), not taken from chinesecalendar, and every expected
date was counted by hand: the comments show the count, one working day after another, the
start day never counted.
"""
from datetime import date, timedelta

import pytest

from hall.calendar.workdays import Calendar, CalendarMissing


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


HOLIDAYS_2025 = (days("2025-01-01", "2025-01-01")      # 元旦
                 + days("2025-01-28", "2025-02-04")    # 春节
                 + days("2025-04-04", "2025-04-06")    # 清明
                 + days("2025-05-01", "2025-05-05")    # 劳动节
                 + days("2025-05-31", "2025-06-02")    # 端午
                 + days("2025-10-01", "2025-10-08"))   # 国庆、中秋
MAKEUP_2025 = [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27),
               date(2025, 9, 28), date(2025, 10, 11)]
HOLIDAYS_2026 = (days("2026-01-01", "2026-01-03")      # 元旦
                 + days("2026-02-15", "2026-02-23")    # 春节
                 + days("2026-04-04", "2026-04-06")    # 清明
                 + days("2026-05-01", "2026-05-05")    # 劳动节
                 + days("2026-06-19", "2026-06-21")    # 端午
                 + days("2026-09-25", "2026-09-27")    # 中秋
                 + days("2026-10-01", "2026-10-07"))   # 国庆
MAKEUP_2026 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
               date(2026, 9, 20), date(2026, 10, 10)]

CAL = Calendar(holidays=frozenset(HOLIDAYS_2025 + HOLIDAYS_2026),
               makeup_days=frozenset(MAKEUP_2025 + MAKEUP_2026),
               years=frozenset({2025, 2026}))

D = date.fromisoformat

# (start, n, due): the n-th working day after start, counted by hand.
DEADLINES = [
    # Friday before the 2025 Spring Festival: Sat 1/25 off, Sun 1/26 make-up = 1.
    ("2025-01-24", 1, "2025-01-26"),
    # 1/26 Sun make-up = 1, 1/27 Mon = 2, 1/28-2/4 春节 off, 2/5 Wed = 3.
    ("2025-01-24", 3, "2025-02-05"),
    # The whole Spring Festival week skipped: 1/28-2/4 off, 2/5 Wed = 1.
    ("2025-01-27", 1, "2025-02-05"),
    # 2/5 = 1, 2/6 = 2, 2/7 = 3, 2/8 Sat make-up = 4, 2/9 Sun off, 2/10 Mon = 5.
    ("2025-01-27", 5, "2025-02-10"),
    # Accepted during the holiday (a holiday start day is simply not counted): 2/5 = 1.
    ("2025-01-30", 1, "2025-02-05"),
    # 1/26 = 1, 1/27 = 2, 2/5 = 3, 2/6 = 4, 2/7 = 5, 2/8 = 6, 2/10 = 7, 2/11 = 8,
    # 2/12 = 9, 2/13 = 10.
    ("2025-01-24", 10, "2025-02-13"),
    # 清明: 4/4 Fri - 4/6 Sun off, 4/7 Mon = 1.
    ("2025-04-03", 1, "2025-04-07"),
    # 劳动节: Sat 4/26 off, Sun 4/27 make-up = 1.
    ("2025-04-25", 1, "2025-04-27"),
    # 4/27 Sun = 1, 4/28 = 2, 4/29 = 3, 4/30 = 4, 5/1-5/5 off, 5/6 Tue = 5.
    ("2025-04-25", 5, "2025-05-06"),
    # 端午: 5/31 Sat - 6/2 Mon off, 6/3 Tue = 1.
    ("2025-05-30", 1, "2025-06-03"),
    # 国庆中秋: Sat 9/27 off, Sun 9/28 make-up = 1.
    ("2025-09-26", 1, "2025-09-28"),
    # 10/1-10/8 off, 10/9 Thu = 1.
    ("2025-09-30", 1, "2025-10-09"),
    # 10/9 = 1, 10/10 = 2, 10/11 Sat make-up = 3.
    ("2025-09-30", 3, "2025-10-11"),
    # 10/12 Sun off, 10/13 Mon = 4.
    ("2025-09-30", 4, "2025-10-13"),
    # 20 days across National Day: 9/23 = 1, 9/24 = 2, 9/25 = 3, 9/26 = 4, 9/28 Sun = 5,
    # 9/29 = 6, 9/30 = 7, 10/9 = 8, 10/10 = 9, 10/11 Sat = 10, 10/13-10/17 = 11-15,
    # 10/20-10/24 = 16-20.
    ("2025-09-22", 20, "2025-10-24"),
    # Into 2026: 1/1 Thu - 1/3 Sat 元旦 off, Sun 1/4 make-up = 1.
    ("2025-12-31", 1, "2026-01-04"),
    # 1/4 Sun = 1, 1/5 Mon = 2.
    ("2025-12-31", 2, "2026-01-05"),
    # 2026 Spring Festival: Sat 2/14 make-up = 1.
    ("2026-02-13", 1, "2026-02-14"),
    # 2/14 Sat = 1, 2/15-2/23 春节 off (nine days), 2/24 Tue = 2.
    ("2026-02-13", 2, "2026-02-24"),
    # 2/24 = 2, 2/25 = 3, 2/26 = 4, 2/27 = 5, 2/28 Sat make-up = 6.
    ("2026-02-13", 6, "2026-02-28"),
    # 3/1 Sun off, 3/2 Mon = 7.
    ("2026-02-13", 7, "2026-03-02"),
    # 20 days across it: 2/10-2/13 = 1-4, 2/14 Sat = 5, 2/24-2/27 = 6-9, 2/28 Sat = 10,
    # 3/2-3/6 = 11-15, 3/9-3/13 = 16-20.
    ("2026-02-09", 20, "2026-03-13"),
    # 劳动节 2026: 5/1 Fri - 5/5 Tue off, 5/6 Wed = 1.
    ("2026-04-30", 1, "2026-05-06"),
    # 5/6 = 1, 5/7 = 2, 5/8 = 3, 5/9 Sat make-up = 4.
    ("2026-04-30", 4, "2026-05-09"),
    # 端午 2026: 6/19 Fri - 6/21 Sun off, 6/22 Mon = 1.
    ("2026-06-18", 1, "2026-06-22"),
    # Sat 9/19 off, Sun 9/20 make-up = 1.
    ("2026-09-18", 1, "2026-09-20"),
    # 9/24 Thu = 1, 9/25 Fri - 9/27 中秋 off, 9/28 Mon = 2.
    ("2026-09-23", 2, "2026-09-28"),
    # 10/1-10/7 国庆 off, 10/8 Thu = 1, 10/9 Fri = 2, 10/10 Sat make-up = 3.
    ("2026-09-30", 3, "2026-10-10"),
    # A plain week: Wed 3/4/2026 + 5 = 3/5, 3/6, 3/9, 3/10, 3/11.
    ("2026-03-04", 5, "2026-03-11"),
]


@pytest.mark.parametrize("start, n, due", DEADLINES, ids=[f"{s}+{n}" for s, n, _ in DEADLINES])
def test_deadline_counted_by_hand(start, n, due):
    assert CAL.add_workdays(D(start), n) == D(due)


def test_a_deadline_on_a_makeup_sunday_stays_there():
    due = CAL.add_workdays(D("2025-01-24"), 1)
    assert due == D("2025-01-26") and due.weekday() == 6


def test_zero_days_is_the_start_day_itself():
    assert CAL.add_workdays(D("2025-01-30"), 0) == D("2025-01-30")   # even on a holiday
    assert CAL.add_workdays(D("2027-06-01"), 0) == D("2027-06-01")   # needs no calendar


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        CAL.add_workdays(D("2025-03-03"), -1)


@pytest.mark.parametrize("day, expected", [
    ("2025-01-26", True),    # Sunday, make-up working day
    ("2025-02-08", True),    # Saturday, make-up working day
    ("2025-01-25", False),   # Saturday
    ("2025-01-28", False),   # Tuesday, 春节
    ("2025-10-08", False),   # Wednesday, 国庆
    ("2025-03-03", True),    # Monday
    ("2026-01-02", False),   # Friday, 元旦
    ("2026-01-04", True),    # Sunday, make-up working day
    ("2026-02-23", False),   # Monday, last day of 春节
])
def test_is_workday(day, expected):
    assert CAL.is_workday(D(day)) is expected


@pytest.mark.parametrize("start, end, count", [
    # 1/26 Sun, 1/27, 2/5, 2/6, 2/7, 2/8 Sat, 2/10 = 7.
    ("2025-01-24", "2025-02-10", 7),
    # The Spring Festival week alone has none.
    ("2025-01-27", "2025-02-04", 0),
    # October 2025: 10/9, 10/10, 10/11 Sat, then 10/13-17, 10/20-24, 10/27-31 = 3 + 15 = 18.
    ("2025-09-30", "2025-10-31", 18),
    # Over New Year: 1/4 Sun make-up, 1/5 Mon = 2.
    ("2025-12-31", "2026-01-05", 2),
    # February 2026: 2/2-2/6, 2/9-2/13 = 10, 2/14 Sat = 11, 2/24-2/27 = 15, 2/28 Sat = 16.
    ("2026-01-31", "2026-02-28", 16),
    ("2025-03-03", "2025-03-03", 0),   # same day
    ("2025-03-10", "2025-03-03", 0),   # end before start
])
def test_workdays_between(start, end, count):
    assert CAL.workdays_between(D(start), D(end)) == count


def test_between_undoes_add():
    for start, n, due in DEADLINES:
        assert CAL.workdays_between(D(start), D(due)) == n


@pytest.mark.parametrize("day, expected", [
    ("2025-01-27", "2025-02-05"),   # Monday before 春节 -> first day after it
    ("2025-09-26", "2025-09-28"),   # Friday -> make-up Sunday
    ("2026-02-13", "2026-02-14"),   # Friday -> make-up Saturday
    ("2025-03-07", "2025-03-10"),   # ordinary Friday -> Monday
])
def test_next_workday(day, expected):
    assert CAL.next_workday(D(day)) == D(expected)


def test_a_deadline_into_2027_raises_calendar_missing():
    with pytest.raises(CalendarMissing) as raised:
        CAL.add_workdays(D("2026-12-30"), 2)    # 12/31 Thu = 1, then 2027-01-01 unknown
    assert raised.value.year == 2027
    assert str(raised.value) == "2027年节假日安排未录入"


def test_the_last_known_day_still_counts():
    assert CAL.add_workdays(D("2026-12-30"), 1) == D("2026-12-31")


@pytest.mark.parametrize("call", [
    lambda: CAL.is_workday(D("2027-01-04")),
    lambda: CAL.next_workday(D("2026-12-31")),
    lambda: CAL.workdays_between(D("2026-12-01"), D("2027-01-10")),
    lambda: CAL.add_workdays(D("2024-12-27"), 1),    # Saturday 2024-12-28 is unknown
], ids=["is_workday", "next_workday", "workdays_between", "add_workdays-2024"])
def test_every_function_refuses_to_guess(call):
    with pytest.raises(CalendarMissing) as raised:
        call()
    assert raised.value.year in (2024, 2027)


def test_a_start_day_in_an_unknown_year_is_never_looked_at():
    # 2024-12-31 is not counted; 2025-01-01 元旦 off, 1/2 Thu = 1.
    assert CAL.add_workdays(D("2024-12-31"), 1) == D("2025-01-02")


def test_an_empty_calendar_knows_no_year():
    with pytest.raises(CalendarMissing):
        Calendar().is_workday(D("2025-03-03"))


def test_calendar_is_frozen_and_built_from_iterables():
    built = Calendar.of(HOLIDAYS_2025, MAKEUP_2025, [2025])
    assert built.years == frozenset({2025}) and D("2025-01-26") in built.makeup_days
    with pytest.raises(AttributeError):
        built.years = frozenset()
