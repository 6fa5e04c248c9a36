"""Tickets only within ticketing hours and quotas; the green channel ignores both."""
from datetime import date

import pytest
from sqlalchemy import func, select

from hall.core.extensions import db
from hall.hours import services as hours
from hall.queue.models import Ticket, TicketCounter
from tests.factories import TEST_ACTOR
from tests.hours.conftest import TUESDAY, bearer, calendar_day


def count_tickets() -> int:
    return db.session.scalar(select(func.count()).select_from(Ticket))


def take(client, code="civil", priority=False, headers=None):
    return client.post("/api/v1/tickets", json={"category": code, "priority": priority},
                       headers=headers or {})


@pytest.mark.parametrize("at,message", [
    ("01:09", "08:30 开始取号"), ("08:29", "08:30 开始取号"), ("12:10", "13:30 开始取号"),
    ("17:30", "今日取号已结束")])
def test_outside_ticketing_hours_the_api_answers_409_hall_closed(client, real_hours_hall,
                                                                 freeze_time, at, message):
    freeze_time(f"{TUESDAY} {at}")
    response = take(client)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "hall_closed"
    assert message in response.json["error"]["message"]
    assert count_tickets() == 0
    assert db.session.scalar(select(func.count()).select_from(TicketCounter)) == 0


def test_tickets_start_before_opening(client, real_hours_hall, freeze_time):
    freeze_time(f"{TUESDAY} 08:30")
    response = take(client)
    assert response.status_code == 201 and response.json["number"] == "A001"
    # Nobody ahead, but the windows open at 09:00: the wait counts the half hour.
    assert response.json["est_wait_minutes"] >= 30


def test_staff_issue_green_channel_tickets_at_any_hour(client, real_hours_hall, freeze_time):
    freeze_time(f"{TUESDAY} 01:09")
    response = take(client, priority=True, headers=bearer(client, real_hours_hall.staff))
    assert response.status_code == 201 and response.json["priority"] is True


def test_a_weekend_is_closed_and_says_so(client, real_hours_hall, freeze_time):
    freeze_time("2026-12-05 10:00")   # Saturday
    response = take(client)
    assert response.status_code == 409 and "周末" in response.json["error"]["message"]


def test_a_category_stops_before_closing_while_others_go_on(client, real_hours_hall, freeze_time):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.estate, 0, 30)
    db.session.commit()
    freeze_time(f"{TUESDAY} 17:05")
    assert take(client, "estate").json["error"]["code"] == "hall_closed"
    assert take(client, "civil").status_code == 201


def test_the_quota_stops_ordinary_tickets_but_not_the_green_channel(client, real_hours_hall):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.civil, 2, 0)
    db.session.commit()
    assert [take(client).status_code for _ in range(2)] == [201, 201]
    refused = take(client)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "quota_reached"
    assert "每日限 2 号" in refused.json["error"]["message"]
    assert take(client, priority=True,
                headers=bearer(client, real_hours_hall.staff)).status_code == 201
    assert take(client, "estate").status_code == 201   # other lines are not limited
    assert count_tickets() == 4


def test_a_quota_of_zero_means_no_quota(client, real_hours_hall):
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.civil, 0, 0)
    db.session.commit()
    assert all(take(client).status_code == 201 for _ in range(5))


def test_the_quota_counts_the_green_channel_numbers_too(client, real_hours_hall):
    """The quota is the numbers a line gives out in a day; staff may go beyond it."""
    hours.set_category_rule(TEST_ACTOR, real_hours_hall.civil, 2, 0)
    db.session.commit()
    assert take(client, priority=True,
                headers=bearer(client, real_hours_hall.staff)).status_code == 201
    assert take(client).status_code == 201
    assert take(client).json["error"]["code"] == "quota_reached"


def test_holidays_from_the_calendar_close_and_makeup_days_open(client, real_hours_hall,
                                                               freeze_time):
    calendar_day(date(2026, 12, 2), "holiday", "测试假日")   # a Wednesday
    calendar_day(date(2026, 12, 6), "workday", "测试调休")   # a Sunday
    freeze_time("2026-12-02 10:00")
    refused = take(client)
    assert refused.status_code == 409 and "测试假日" in refused.json["error"]["message"]
    freeze_time("2026-12-06 10:00")
    assert take(client).status_code == 201


def test_holidays_open_when_the_hall_says_so(client, real_hours_hall, freeze_time):
    calendar_day(date(2026, 12, 2), "holiday", "测试假日")
    hours.set_holidays_open(TEST_ACTOR, True)
    db.session.commit()
    freeze_time("2026-12-02 10:00")
    assert take(client).status_code == 201


def test_special_days(client, real_hours_hall, freeze_time):
    hours.save_special_day(TEST_ACTOR, date(2026, 12, 5), "09:00-12:00", None, "周末不打烊")
    hours.save_special_day(TEST_ACTOR, date(2026, 12, 1), "09:00-12:00,13:30-20:00", "08:30",
                           "延时服务")
    db.session.commit()
    freeze_time("2026-12-05 10:00")
    assert take(client).status_code == 201
    freeze_time(f"{TUESDAY} 19:30")
    assert take(client).status_code == 201


def test_a_fresh_install_opens_on_working_days_from_open_time_to_close_time(
        client, make, fresh_hours, freeze_time):
    """No hours set yet: what the kiosk footer has always said, 工作日 09:00–17:30."""
    make.category(code="civil", name="社会事务", prefix="A")
    db.session.commit()
    freeze_time(f"{TUESDAY} 01:09")
    assert take(client).json["error"]["message"].startswith("现在不是取号时间，09:00 开始取号")
    freeze_time(f"{TUESDAY} 09:00")
    assert take(client).status_code == 201
    freeze_time("2026-12-06 10:00")
    assert take(client).status_code == 409


def test_the_kiosk_page_refuses_with_the_same_words(client, real_hours_hall, freeze_time):
    freeze_time(f"{TUESDAY} 01:09")
    response = client.post("/kiosk/tickets", data={"category": "civil"}, follow_redirects=True)
    assert "08:30 开始取号" in response.get_data(as_text=True)
    assert count_tickets() == 0
