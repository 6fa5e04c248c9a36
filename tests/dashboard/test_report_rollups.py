"""The month report over rolled-up days gives exactly the figures of the live rows.

The hall is test_reports.py's November (tickets, cases and ratings from 10-30 to today,
12-01), plus, on 11-20: a ticket transferred to another line and never called again, a
ticket called at window 4 (which serves only 社区服务中心, a department without items) and
one left 办理中 at window 1 at closing time, finished today. Each report is made with the
roll-ups and again after they are dropped (every table read live), and the two must be equal.
"""
from datetime import date

import pytest
from sqlalchemy import func, select, update

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import reports, rollups
from hall.dashboard.rollups import RatingDay, ReportDay, TicketDay
from hall.items import services as items
from hall.queue import tickets
from hall.windows import services as windows
from tests.dashboard.test_reports import (
    NOVEMBER,
    November,
    _complaints,
    _november_2,
    _november_rest,
    _outside_after,
    _outside_before,
)
from tests.factories import TEST_ACTOR

PERIODS = (NOVEMBER, reports.Period(date(2026, 10, 1), date(2026, 12, 31)),
           reports.Period(date(2026, 10, 30), date(2026, 12, 1)),
           reports.Period(date(2026, 11, 2), date(2026, 11, 2)),
           reports.Period(date(2026, 11, 20), date(2026, 11, 20)))
# Closed days with tickets or ratings (11-20 only once its last ticket is finished).
DAYS_WITH_ROWS = [date(2026, 10, 30), date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4),
                  date(2026, 11, 16)]
NOVEMBER_20 = date(2026, 11, 20)


def _november_20(h: November):
    moved = h.issue(h.a, "2026-11-20 09:00")
    assert h.call(h.w3, h.s1, "2026-11-20 09:05") is moved
    tickets.transfer(moved, Actor.of(h.s1), h.at("2026-11-20 09:06"), category=h.b)
    h.d3 = h.make.department(name="社区服务中心", sort_order=3)
    h.w4 = h.make.window(no=4, name="社区窗口", categories=[h.a], departments=[h.d3],
                         staff_a_id=h.s1.id)
    at_four = h.issue(h.a, "2026-11-20 10:00")
    assert h.call(h.w4, h.s1, "2026-11-20 10:01") is at_four
    h.serve(at_four, h.s1, "2026-11-20 10:02", "2026-11-20 10:09")
    h.rate(at_four, 5, "2026-11-20 10:10")
    h.held = h.issue(h.a, "2026-11-20 16:50")
    assert h.call(h.w1, h.s1, "2026-11-20 16:55") is h.held
    tickets.start(h.held, Actor.of(h.s1), h.at("2026-11-20 16:57"))      # left 办理中 at closing time


@pytest.fixture
def hall(make, freeze_time):
    hall = November(make, freeze_time)
    for step in (_outside_before, _november_2, _november_rest, _november_20, _outside_after,
                 _complaints):
        step(hall)
        db.session.commit()
    freeze_time("2026-12-01 10:00")
    return hall


def live_reports() -> list[reports.Report]:
    """The reports with every roll-up dropped (their sums go with their day)."""
    db.session.execute(ReportDay.__table__.delete())
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(TicketDay)) == 0
    return [reports.build(period, clock.now()) for period in PERIODS]


def rolled_days() -> list[date]:
    return list(db.session.scalars(select(ReportDay.day).order_by(ReportDay.day)))


def test_a_small_hall_s_report_reads_live_and_writes_nothing(hall):
    for period in PERIODS:
        reports.build(period, clock.now())
    assert rolled_days() == []


def test_rolled_up_days_give_the_live_figures(hall):
    assert rollups.roll_up_history(clock.now()) == DAYS_WITH_ROWS
    assert rolled_days() == DAYS_WITH_ROWS
    rolled = [reports.build(period, clock.now()) for period in PERIODS]
    assert rolled == live_reports()
    assert rolled[0].total.tickets["issued"] == 10 and rolled[0].total.ratings["count"] == 6


def test_the_report_reads_a_rolled_up_day_from_its_sums(hall):
    rollups.roll_up_history(clock.now())
    before = reports.build(NOVEMBER, clock.now()).total.tickets["issued"]
    one_group = select(func.min(TicketDay.id)).where(TicketDay.day == date(2026, 11, 2))
    db.session.execute(update(TicketDay).where(TicketDay.id == one_group.scalar_subquery())
                       .values(issued=TicketDay.issued + 100))
    db.session.commit()
    assert reports.build(NOVEMBER, clock.now()).total.tickets["issued"] == before + 100


def test_a_day_with_a_ticket_still_served_waits_until_it_is_finished(hall):
    assert NOVEMBER_20 not in rollups.roll_up_history(clock.now())
    with_held = [reports.build(period, clock.now()) for period in PERIODS]
    assert with_held == live_reports()

    tickets.finish(hall.held, Actor.of(hall.s1), hall.at("2026-12-01 09:40"))   # the next working day
    db.session.commit()
    hall.freeze("2026-12-01 10:00")
    assert rollups.roll_up_history(clock.now()) == sorted([*DAYS_WITH_ROWS, NOVEMBER_20])
    day = reports.build(PERIODS[-1], clock.now())
    # Waits 5 (transferred), 1 and 5; services 7 and 16:57 → 12-01 09:40 (15 403 minutes).
    assert day.total.tickets == {"issued": 3, "served": 2, "no_shows": 0, "wait": 3.7,
                                 "service": 7705.0}
    assert [reports.build(period, clock.now()) for period in PERIODS] == live_reports()


def test_deleting_a_window_or_a_department_moves_rolled_up_figures_as_live_ones(hall):
    rollups.roll_up_history(clock.now())
    windows.delete_window(TEST_ACTOR, hall.w4)
    items.delete_department(TEST_ACTOR, hall.d3)
    db.session.commit()
    rolled = [reports.build(period, clock.now()) for period in PERIODS]
    assert "社区窗口" not in str(rolled[0].tables["window"])
    assert rolled == live_reports()


def test_the_report_rolls_up_the_closed_days_it_read_when_there_are_many(hall, monkeypatch):
    monkeypatch.setattr(rollups, "LAZY_FILL_ROWS", 1)
    first = reports.build(NOVEMBER, clock.now())
    # November's closed days with rows; not 10-30 (outside) nor 11-20 (a ticket in service).
    assert rolled_days() == DAYS_WITH_ROWS[1:]
    again = reports.build(NOVEMBER, clock.now())
    assert first == again == live_reports()[0]


def test_today_is_never_rolled_up_and_yesterday_only_after_midnight_settles(hall):
    hall.freeze("2026-12-02 00:05")
    assert date(2026, 12, 1) not in rollups.roll_up_history(clock.now())
    hall.freeze("2026-12-02 00:15")
    assert date(2026, 12, 1) in rollups.roll_up_history(clock.now())


def test_two_roll_ups_of_the_same_day_write_it_once(hall, monkeypatch):
    assert rollups.roll_up([date(2026, 11, 2)], clock.now()) == [date(2026, 11, 2)]
    sums = db.session.scalar(select(func.sum(TicketDay.issued)))
    # The second one saw the day missing before the first one committed.
    monkeypatch.setattr(rollups, "ready_days", lambda connection, days: days)
    assert rollups.roll_up([date(2026, 11, 2), date(2026, 11, 3)], clock.now()) == []
    assert rolled_days() == [date(2026, 11, 2)]
    assert db.session.scalar(select(func.sum(TicketDay.issued))) == sums
    assert db.session.scalar(select(func.count()).select_from(RatingDay)) == 3   # r1 r2 r4


def test_the_nightly_housekeeping_rolls_up_the_closed_days(hall, runner):
    result = runner.invoke(args=["housekeeping"])
    assert result.exit_code == 0, result.output
    assert "已汇总 5 天的号票和评价" in result.output
    assert rolled_days() == DAYS_WITH_ROWS
    again = runner.invoke(args=["housekeeping"])
    assert again.exit_code == 0 and "已汇总 0 天的号票和评价" in again.output
