"""A December acceptance whose deadline runs into a year not yet published: the receipt
and the phone page say 暂定, and after the manager loads the year the phone shows the new date.

Hand-worked in tests/cases/test_provisional.py: 30 working days from Mon 28 December 2026
are 11 February 2027 provisionally and 16 February 2027 on docs/calendar-2027-example.csv.
"""
import os
from dataclasses import dataclass

import pytest

from hall.calendar.models import CalendarYear
from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.extensions import db
from hall.settings import services as settings
from tests.calendar import EXAMPLE_CSV
from tests.factories import PASSWORD, TEST_ACTOR

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class PlanningPermitHall:
    staff: str          # username of window 5's staff member
    manager: str        # username of the hall manager
    item: str           # code of 建设工程规划许可证核发 (30 working days)


@pytest.fixture
def planning_permit_hall(make, freeze_time) -> PlanningPermitHall:
    freeze_time("2026-12-28 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    db.session.execute(db.delete(CalendarYear).where(CalendarYear.year >= 2027))
    settings.update(TEST_ACTOR, {"hall_name": "安宁县政务服务中心", "region_code": "620524"})
    staff = make.user(role="staff", name="陈晓燕")
    manager = make.user(role="manager", name="李主任")
    make.window(no=5, name="住建窗口", staff_a_id=staff.id)
    department = make.department(name="县自然资源局")
    item = make.item(department, code="62052400ZJ-XK-0031", name="建设工程规划许可证核发",
                     promised_days=30, legal_days=40)
    make.material(item, name="建设工程规划许可申请表")
    db.session.commit()
    return PlanningPermitHall(staff=staff.username, manager=manager.username, item=item.code)


def log_in(page, live_server, username):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_provisional_receipt_and_its_recount(live_server, browser, planning_permit_hall):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, planning_permit_hall.staff)
    page.goto(f"{live_server}/cases/new?window=5&item={planning_permit_hall.item}")
    page.get_by_label("申请人姓名 / 单位名称").fill("王小明")
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("建设工程规划许可申请表").check()
    page.get_by_role("button", name="受理 / 出具一次性告知书").click()
    page.get_by_text("请打印受理回执交申请人").wait_for()
    assert "暂定，以国务院公布的节假日安排为准" in page.locator("main").inner_text()

    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印回执（A4）").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    text = receipt.locator("body").inner_text()
    assert "2027年02月11日（暂定） 前办结" in text
    assert "以国务院公布的节假日安排为准" in text and "另行告知" not in text
    if os.environ.get("HALL_SCREENSHOTS"):
        receipt.screenshot(path=os.path.join(os.environ["HALL_SCREENSHOTS"],
                                             "receipt-provisional.png"), full_page=True)
    link = receipt.locator("[data-progress-link]").inner_text()

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(link)
    assert "（暂定，以国务院公布的节假日安排为准）" in phone.locator("main").inner_text()

    manager = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(manager, live_server, planning_permit_hall.manager)
    manager.goto(f"{live_server}/calendar/2027")
    manager.locator("input[type=file]").set_input_files(str(EXAMPLE_CSV))
    manager.get_by_role("button", name="导入").click()
    manager.get_by_text("1 件到期日改变").wait_for()

    phone.reload()
    text = phone.locator("main").inner_text()
    assert "办理期限按国务院公布的节假日安排调整为2027年02月16日" in text
    assert "2027年2月16日" in text and "暂定，以国务院" not in text
