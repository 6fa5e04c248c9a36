"""Alerts fire once the whole minutes pass the manager's thresholds, and say so in words."""
from datetime import timedelta

from hall.calendar.models import CalendarYear
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard.snapshot import build
from hall.queue import tickets
from hall.settings import services as settings
from hall.windows.services import set_status
from tests.dashboard.morning import accept, at, move
from tests.dashboard.morning import build as build_hall
from tests.factories import TEST_ACTOR


def kinds(snap) -> list[str]:
    return [a["kind"] for a in snap["alerts"]]


def texts(snap, kind) -> list[str]:
    return [a["text"] for a in snap["alerts"] if a["kind"] == kind]


def test_a_wait_alert_after_thirty_whole_minutes(app, make):
    hall = build_hall(make)
    tickets.issue_ticket(hall.civil, move(at("09:00")))
    db.session.commit()
    assert texts(build(move(at("09:30:59"))), "wait") == []
    found = texts(build(move(at("09:31"))), "wait")
    assert found == ["A 社会事务：最长已等候 31 分钟（超过 30 分钟），1 人在等候"]
    line = build(clock.now())["lines"][0]
    assert line["alert"] == found[0]


def test_the_wait_threshold_is_the_managers_setting(app, make):
    hall = build_hall(make)
    tickets.issue_ticket(hall.civil, move(at("09:00")))
    settings.update(TEST_ACTOR, {"alert_wait_minutes": 10})
    db.session.commit()
    assert texts(build(move(at("09:10"))), "wait") == []
    assert texts(build(move(at("09:11"))), "wait")


def test_a_paused_window_alerts_after_twenty_minutes_from_its_pause(app, make):
    hall = build_hall(make)
    set_status(hall.w4, "paused", Actor.of(hall.a), move(at("10:00")))
    db.session.commit()
    snap = build(move(at("10:20")))
    window = {w["no"]: w for w in snap["windows"]}[4]
    assert (window["paused_minutes"], window["since"], window["alert"]) == (20, "10:00", None)
    snap = build(move(at("10:21")))
    assert texts(snap, "window") == ["4号窗口已暂停 21 分钟（超过 20 分钟）"]


def test_a_window_paused_before_today_counts_from_the_opening(app, make):
    hall = build_hall(make)
    set_status(hall.w4, "paused", Actor.of(hall.a), move(at("17:00", "2026-12-03")))
    db.session.commit()
    assert texts(build(move(at("09:20"))), "window") == []          # opening is 09:00
    assert texts(build(move(at("09:21"))), "window") == ["4号窗口已暂停 21 分钟（超过 20 分钟）"]


def test_an_idle_window_alerts_only_while_its_line_waits(app, make):
    hall = build_hall(make)
    ticket = tickets.issue_ticket(hall.civil, move(at("09:00")))
    tickets.call_next(hall.w3, Actor.of(hall.b), move(at("09:01")))
    tickets.finish(ticket, Actor.of(hall.b), move(at("09:10")))
    db.session.commit()
    assert texts(build(move(at("09:40"))), "window") == []         # nobody waits for it
    tickets.issue_ticket(hall.civil, move(at("09:40")))
    db.session.commit()
    three = {w["no"]: w for w in build(move(at("09:25")))["windows"]}[3]
    assert three["idle_minutes"] == 15 and three["alert"] is None   # idle since 09:10
    found = texts(build(move(at("09:26"))), "window")
    assert found == ["3号窗口空闲 16 分钟（超过 15 分钟），仍有 1 人等候"]
    four = {w["no"]: w for w in build(clock.now())["windows"]}[4]
    assert four["alert"] is None                                    # line B is empty


def test_calling_again_ends_the_idle_alert(app, make):
    hall = build_hall(make)
    tickets.issue_ticket(hall.civil, move(at("09:00")))
    db.session.commit()
    assert texts(build(move(at("09:20"))), "window")              # idle since 09:00
    tickets.call_next(hall.w3, Actor.of(hall.b), clock.now())
    db.session.commit()
    assert texts(build(clock.now() + timedelta(minutes=1)), "window") == []


def test_red_and_yellow_cases_and_late_follow_ups_are_alerts(busy_hall):
    snap = build(clock.now())
    assert "1 件办件已超期（红牌），请督办" in texts(snap, "cases")
    assert "1 件办件即将到期（黄牌）" in texts(snap, "cases")
    levels = {a["text"]: a["level"] for a in snap["alerts"]}
    assert levels["1 件办件已超期（红牌），请督办"] == "red"
    assert snap["alerts"][0]["level"] == "red"                      # red ones first


def test_a_missing_calendar_year_is_an_alert_from_november(app, make):
    hall = build_hall(make)
    db.session.delete(db.session.get(CalendarYear, 2026))
    db.session.commit()
    snap = build(move(at("10:00", "2026-10-30")))
    assert snap["calendar"]["missing_years"] == [2026]
    assert texts(snap, "calendar") == ["2026年节假日安排未录入，请在“节假日”页面导入"]
    snap = build(move(at("10:00", "2026-11-02")))
    assert snap["calendar"]["missing_years"] == [2026, 2027]      # next year from November
    assert [a["level"] for a in snap["alerts"] if a["kind"] == "calendar"] == ["red", "amber"]
    assert hall.w3.no == 3


def test_cases_waiting_for_a_year_are_counted(app, make):
    hall = build_hall(make)
    long = make.item(name="长期事项", promised_days=60, legal_days=60)
    case = accept(hall, long, at("10:00"))
    db.session.commit()
    assert case.calendar_missing_year == 2027
    snap = build(clock.now())
    assert snap["calendar"]["cases_waiting"] == {"2027": 1}
    assert texts(snap, "calendar") == [
        "2027年节假日安排未录入（1 件办件期限暂定、0 条回访期限待定），请在“节假日”页面导入"]
