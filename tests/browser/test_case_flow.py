"""From accepting a case at the window to the receipt, to the phone page its QR code opens."""
from dataclasses import dataclass

import pytest

from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.extensions import db
from tests.factories import TEST_ACTOR

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class MarketWindowHall:
    staff: str          # username of window 7's staff member
    item: str           # code of 食品经营许可（新办）, with two materials


@pytest.fixture
def market_window_hall(make, freeze_time) -> MarketWindowHall:
    freeze_time("2026-12-01 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    staff = make.user(role="staff", name="陈晓燕")
    make.window(no=7, name="市场监管窗口", staff_a_id=staff.id)
    item = make.item(code="62052400SCJ-XK-0099", name="食品经营许可（新办）", promised_days=5,
                     legal_days=20)
    make.material(item, name="食品经营许可申请书")
    make.material(item, name="营业执照复印件")
    db.session.commit()
    return MarketWindowHall(staff=staff.username, item=item.code)


def test_accept_print_receipt_and_follow_it_on_a_phone(live_server, browser, market_window_hall):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(market_window_hall.staff)
    page.get_by_label("密码").fill("Hall-Test-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/cases/new?window=7&item={market_window_hall.item}")
    page.get_by_label("申请人姓名 / 单位名称").fill("王小明")
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("食品经营许可申请书").check()
    page.get_by_label("营业执照复印件").check()
    page.get_by_role("button", name="受理 / 出具一次性告知书").click()
    page.get_by_text("请打印受理回执交申请人").wait_for()
    assert "2026-12-08" in page.locator("main").inner_text()

    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印回执（A4）").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    assert receipt.locator("svg").count() == 1
    link = receipt.locator("[data-progress-link]").inner_text()
    assert "/p/" in link

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(link)
    text = phone.locator("main").inner_text()
    assert "食品经营许可（新办）" in text and "王*" in text
    assert "王小明" not in text and "11010519491231002X" not in text
    assert "2026" in text
