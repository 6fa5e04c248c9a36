"""Opening hours and quotas in a browser: the manager sets them on 大厅规则, the kiosk obeys,
says plainly when ticketing starts or that today's tickets are gone, and staff can still
open the green channel."""

import os
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.extensions import db
from hall.hours import services as hours
from hall.hours.models import WeekdayHours
from hall.queue.kiosks import register_kiosk
from hall.queue.models import Category, Ticket
from hall.settings import services as settings
from tests.factories import PASSWORD, TEST_ACTOR

pytestmark = pytest.mark.browser
WORKING = "09:00-12:00,13:30-17:30"


@dataclass(frozen=True)
class CalendarHoursHall:
    staff: str          # username of window 3's staff member
    manager: str        # username of the hall manager
    civil: Category     # 社会事务, served at window 3 with 不动产登记


@pytest.fixture
def calendar_hours_hall(make, freeze_time, monkeypatch) -> CalendarHoursHall:
    """A hall with real hours (not the test hall's around the clock) and the 2026 calendar."""
    freeze_time("2026-12-01 10:00")   # a Tuesday
    db.session.execute(delete(WeekdayHours))
    monkeypatch.setitem(settings.DEFAULTS, "holidays_open", False)
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    hours.set_weekdays(TEST_ACTOR, [0, 1, 2, 3, 4], WORKING, "08:30")
    civil = make.category(code="civil", name="社会事务", prefix="A", description="婚姻登记等")
    estate = make.category(code="estate", name="不动产登记", prefix="D", description="登记、查询")
    staff = make.user(role="staff", name="陈晓燕")
    make.window(no=3, name="综合窗口", categories=[civil, estate], staff_a_id=staff.id)
    manager = make.user(role="manager", name="李主任")
    db.session.commit()
    settings.forget_cached()
    hours.forget_cached()
    return CalendarHoursHall(staff=staff.username, manager=manager.username, civil=civil)


def at(freeze_time, moment: str) -> None:
    freeze_time(moment)
    hours.forget_cached()


def tickets_issued() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Ticket))


def log_in(page, base, username):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def kiosk(browser):
    """The kiosk, a device of its own beside the manager's browser."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def take(page, base, name: str):
    page.goto(f"{base}/kiosk")
    page.get_by_role("button", name=name).click()


def test_at_night_the_kiosk_says_when_ticketing_starts(page, live_server, calendar_hours_hall,
                                                       freeze_time):
    at(freeze_time, "2026-12-01 01:09")
    page.goto(f"{live_server}/kiosk")
    notice = page.get_by_role("heading", name="现在不是取号时间，08:30 开始取号")
    expect(notice).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("今日办公时间：09:00–12:00、13:30–17:30")
    expect(page.locator("footer")).to_contain_text("办公时间：周一至周五 09:00–12:00、13:30–17:30")
    expect(page.get_by_role("button", name="社会事务")).to_have_count(0)
    if os.environ.get("HALL_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["HALL_SCREENSHOTS"], "kiosk-closed.png"))
    at(freeze_time, "2026-12-01 08:30")
    take(page, live_server, "社会事务")
    expect(page.get_by_text("A001").first).to_be_visible()


def test_lunch_break_and_after_closing(page, live_server, calendar_hours_hall, freeze_time):
    at(freeze_time, "2026-12-01 12:10")
    page.goto(f"{live_server}/kiosk")
    expect(page.get_by_role("heading", name="现在不是取号时间，13:30 开始取号")).to_be_visible()
    at(freeze_time, "2026-12-01 17:31")
    page.goto(f"{live_server}/kiosk")
    expect(page.get_by_role("heading", name="今日取号已结束，请于下一个工作日办公时间前来")).to_be_visible()
    assert tickets_issued() == 0


def test_holidays_closed_and_makeup_days_open_from_the_calendar(page, live_server,
                                                                calendar_hours_hall, freeze_time):
    at(freeze_time, "2026-10-01 10:00")   # 国庆节
    page.goto(f"{live_server}/kiosk")
    expect(page.get_by_role("heading", name="今日（国庆节）大厅不办公，暂停取号")).to_be_visible()
    at(freeze_time, "2026-10-10 10:00")   # a Saturday made a working day
    take(page, live_server, "社会事务")
    expect(page.get_by_text("A001").first).to_be_visible()


def test_the_manager_sets_weekend_hours_and_a_late_evening(page, kiosk, live_server,
                                                           calendar_hours_hall, freeze_time):
    log_in(page, live_server, calendar_hours_hall.manager)
    page.goto(f"{live_server}/admin/settings/rules")
    page.get_by_label("星期六办公时段").fill("09:00-12:00")
    page.get_by_role("button", name="保存办公时间").click()
    expect(page.get_by_text("办公时间已保存")).to_be_visible()
    page.get_by_label("日期").fill("2026-12-01")
    page.get_by_label("说明").fill("延时服务")
    page.get_by_label("办公时段", exact=True).fill("09:00-12:00,13:30-20:00")
    page.get_by_role("button", name="添加特殊安排").click()
    expect(page.get_by_role("cell", name="延时服务")).to_be_visible()
    at(freeze_time, "2026-12-05 10:00")   # Saturday: 周末不打烊 now
    take(kiosk, live_server, "社会事务")
    expect(kiosk.get_by_text("A001").first).to_be_visible()
    at(freeze_time, "2026-12-01 19:00")   # the late evening
    take(kiosk, live_server, "不动产登记")
    expect(kiosk.get_by_text("D001").first).to_be_visible()


def test_the_manager_sets_a_quota_and_a_stop_time(page, kiosk, live_server, calendar_hours_hall,
                                                  freeze_time):
    log_in(page, live_server, calendar_hours_hall.manager)
    page.goto(f"{live_server}/admin/settings/rules")
    page.get_by_label("社会事务每日限号").fill("1")
    page.get_by_label("不动产登记提前停止取号（分钟）").fill("30")
    page.get_by_role("button", name="保存取号规则").click()
    expect(page.get_by_text("取号规则已保存")).to_be_visible()
    at(freeze_time, "2026-12-01 17:10")   # 不动产 stops at 17:00, 社会事务 goes on
    kiosk.goto(f"{live_server}/kiosk")
    expect(kiosk.get_by_role("button", name="不动产登记")).to_contain_text("今日取号已结束")
    take(kiosk, live_server, "社会事务")
    expect(kiosk.get_by_text("A001").first).to_be_visible()
    kiosk.goto(f"{live_server}/kiosk")   # its one number of the day is gone: nothing left
    expect(kiosk.get_by_role("heading", name="今日取号已结束，请于下一个工作日办公时间前来")).to_be_visible()
    at(freeze_time, "2026-12-01 16:00")   # earlier: the line shows as sold out, and says so
    kiosk.goto(f"{live_server}/kiosk")
    expect(kiosk.get_by_role("button", name="社会事务")).to_contain_text("今日号已取完（每日限 1 号）")
    kiosk.get_by_role("button", name="社会事务").click()
    expect(kiosk.get_by_role("alert")).to_contain_text("号已取完")
    assert tickets_issued() == 1


def test_staff_open_the_green_channel_when_the_hall_is_closed(page, live_server,
                                                              calendar_hours_hall, freeze_time):
    at(freeze_time, "2026-12-01 01:09")
    link, _ = register_kiosk(TEST_ACTOR, "一楼取号机1", clock.now())
    db.session.commit()
    page.goto(f"{live_server}/kiosk/register/{link}")
    expect(page.get_by_role("heading", name="现在不是取号时间，08:30 开始取号")).to_be_visible()
    page.get_by_role("link", name="工作人员：开启绿色通道").click()
    page.get_by_label("用户名").fill(calendar_hours_hall.staff)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="开启").click()
    page.get_by_role("button", name="社会事务").click()
    expect(page.get_by_text("A001").first).to_be_visible()
    db.session.rollback()
    assert db.session.scalar(select(Ticket.priority)) is True
