"""The window finishes a ticket; the evaluator tablet turns to rating by itself; a 差评 is
submitted and the follow-up appears for the hall manager."""
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.live import finish_through_the_api

pytestmark = pytest.mark.browser


def open_evaluator(browser, base):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base}/windows/3/rate")
    expect(page.locator(".ev-staff-name")).to_have_text("陈晓燕")
    expect(page.locator("[data-rate]")).to_be_hidden()
    page.wait_for_timeout(500)   # the event stream connects
    return page


def test_finish_rate_two_and_the_manager_sees_the_follow_up(live_server, browser, hall):
    tablet = open_evaluator(browser, live_server)
    finish_through_the_api(live_server, hall["staff"], PASSWORD, hall["ticket"])

    expect(tablet.locator("[data-rate]")).to_be_visible(timeout=3000)
    expect(tablet.locator("[data-subject]")).to_have_text("（A001）")
    expect(tablet.locator("[data-reasons]")).to_be_hidden()
    tablet.locator('[data-level="2"]').click()
    expect(tablet.locator('[data-level="2"]')).to_have_attribute("aria-pressed", "true")
    expect(tablet.locator("[data-reasons]")).to_be_visible()
    tablet.get_by_role("button", name="等候时间长").click()
    tablet.get_by_role("button", name="提交评价").click()
    expect(tablet.locator("[data-thanks]")).to_be_visible()
    expect(tablet.locator("[data-idle]")).to_be_visible(timeout=8000)    # 5 s, then idle

    manager = browser.new_page(viewport={"width": 1600, "height": 1000})
    manager.goto(f"{live_server}/login")
    manager.get_by_label("用户名").fill(hall["manager"])
    manager.get_by_label("密码").fill(PASSWORD)
    manager.get_by_role("button", name="登录").click()
    manager.get_by_role("link", name="差评回访").click()
    row = manager.locator(".fu-table tbody tr").first
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("3号窗口")
    expect(row).to_contain_text("陈晓燕")
    expect(row).to_contain_text("等候时间长")
    expect(row).to_contain_text("2026-12-07")
    expect(row).to_contain_text("2026-12-25")
