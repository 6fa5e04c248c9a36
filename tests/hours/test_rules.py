"""The pure hours rules: parsing, a day's plan, ticketing verdicts, waits over sessions."""
from datetime import date

import pytest

from hall.calendar.workdays import Calendar
from hall.hours import rules
from hall.hours.rules import DayHours, HoursConfig, Session, Special

TWO = rules.parse_sessions("09:00-12:00,13:30-17:30")
WEEK = tuple(DayHours(TWO, rules.parse_minutes("08:30")) if n < 5 else DayHours()
             for n in range(7))
# 2026: 1 Oct (Thursday) 国庆 holiday; Sunday 27 Sep a make-up working day.
CALENDAR = Calendar.of(holidays=[date(2026, 10, 1)], makeup_days=[date(2026, 9, 27)],
                       years=[2026])
CONFIG = HoursConfig(WEEK, {}, CALENDAR)


def m(text: str) -> int:
    return rules.parse_minutes(text)


def test_sessions_parse_sort_and_format():
    assert rules.parse_sessions("13:30-17:30，09:00-12:00") == TWO
    assert rules.format_sessions(TWO) == "09:00-12:00,13:30-17:30"
    assert rules.parse_sessions("00:00-24:00") == (Session(0, 1440),)
    assert rules.parse_sessions("closed") == () and rules.parse_sessions("") == ()


@pytest.mark.parametrize("text,message", [
    ("9点-12点", "格式不正确"), ("12:00-09:00", "须晚于开始时间"), ("09:00", "开始-结束"),
    ("09:00-12:00,11:00-13:00", "重叠"), ("24:30-24:40", "格式不正确"), ("25:00-26:00", "格式不正确")])
def test_bad_sessions_are_refused_in_chinese(text, message):
    with pytest.raises(rules.HoursError, match=message):
        rules.parse_sessions(text)


def test_weekdays():
    assert rules.parse_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert rules.parse_weekdays("sat,sun") == [5, 6]
    assert rules.parse_weekdays("mon-sun") == list(range(7))
    for bad in ("fri-mon", "monday", ""):
        with pytest.raises(rules.HoursError):
            rules.parse_weekdays(bad)


def test_ticketing_cannot_start_after_opening():
    with pytest.raises(rules.HoursError, match="不能晚于开门时间"):
        DayHours(TWO, m("09:30"))


def test_plan_of_a_working_day_a_weekend_a_holiday_and_a_makeup_day():
    workday = rules.plan_for(date(2026, 9, 29), CONFIG)
    assert workday.sessions == TWO and workday.reason == "工作日"
    assert rules.plan_for(date(2026, 10, 3), CONFIG).is_open is False
    holiday = rules.plan_for(date(2026, 10, 1), CONFIG, {date(2026, 10, 1): "国庆节"})
    assert not holiday.is_open and holiday.reason == "国庆节"
    makeup = rules.plan_for(date(2026, 9, 27), CONFIG)
    assert makeup.sessions == TWO and makeup.reason == "调休上班"


def test_holidays_open_follow_their_weekday():
    config = HoursConfig(WEEK, {}, CALENDAR, holidays_open=True)
    assert rules.plan_for(date(2026, 10, 1), config).sessions == TWO


def test_a_year_without_calendar_follows_the_plain_week():
    assert rules.plan_for(date(2031, 10, 1), CONFIG).sessions == TWO   # a Wednesday


def test_special_days_win_over_calendar_and_week():
    saturday = date(2026, 10, 10)
    late = date(2026, 9, 29)
    config = HoursConfig(WEEK, {
        saturday: Special(rules.parse_sessions("09:00-12:00"), None, "周末不打烊"),
        late: Special(rules.parse_sessions("09:00-12:00,13:30-20:00"), m("08:30"), "延时服务"),
        date(2026, 10, 1): Special(rules.parse_sessions("09:00-11:00"), None, "节日值班")},
        CALENDAR)
    assert rules.plan_for(saturday, config).reason == "周末不打烊"
    assert rules.plan_for(late, config).closing == m("20:00")
    assert rules.plan_for(date(2026, 10, 1), config).is_open


def plan() -> rules.DayPlan:
    return rules.plan_for(date(2026, 9, 29), CONFIG)


@pytest.mark.parametrize("at,allowed,message", [
    ("01:09", False, "08:30 开始取号"), ("08:29", False, "08:30 开始取号"),
    ("08:30", True, ""), ("11:59", True, ""), ("12:00", False, "13:30 开始取号"),
    ("13:30", True, ""), ("17:29", True, ""), ("17:30", False, "今日取号已结束"),
    ("23:00", False, "今日取号已结束")])
def test_ticketing_verdicts_through_the_day(at, allowed, message):
    verdict = rules.ticketing_verdict(plan(), m(at))
    assert verdict.allowed is allowed and message in verdict.message


def test_a_category_stops_before_each_session_ends():
    assert rules.ticketing_verdict(plan(), m("16:59"), 30).allowed
    assert "今日取号已结束" in rules.ticketing_verdict(plan(), m("17:00"), 30).message
    assert "13:30 开始取号" in rules.ticketing_verdict(plan(), m("11:45"), 30).message
    assert plan().stop_at(30) == m("17:00")


def test_a_closed_day_says_why():
    saturday = rules.plan_for(date(2026, 10, 3), CONFIG)
    verdict = rules.ticketing_verdict(saturday, m("10:00"))
    assert not verdict.allowed and "周末" in verdict.message


def test_around_the_clock():
    always = rules.DayPlan(date(2026, 9, 29), (Session(0, 1440),), None, "工作日")
    assert rules.ticketing_verdict(always, m("01:09")).allowed
    assert rules.ticketing_verdict(always, m("23:59")).allowed


@pytest.mark.parametrize("at,work,elapsed", [
    ("10:00", 20, 20),        # within the morning
    ("08:30", 10, 40),        # waits for 09:00 first
    ("11:50", 20, 110),       # 10 before lunch, the break of 90, then 10
    ("12:30", 5, 65),         # in the break: from 13:30
    ("17:20", 30, 30),        # runs past closing: plain minutes beyond
])
def test_waits_count_only_open_sessions(at, work, elapsed):
    assert rules.elapsed_for_work(plan(), m(at), work) == elapsed
