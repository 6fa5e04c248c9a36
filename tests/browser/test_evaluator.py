"""The administrator registers the window's evaluator tablet; the window finishes a ticket;
the tablet fetches that service's one-time key and turns to rating by itself; a 差评 is
submitted and the follow-up appears for the hall manager."""
import pytest
from playwright.sync_api import expect

from hall.core.extensions import db
from tests.factories import PASSWORD
from tests.live import finish_through_the_api

pytestmark = pytest.mark.browser


def log_in(page, base, username):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def registration_link(browser, base, make) -> str:
    """The administrator registers window 3's tablet and reads the one-time link."""
    admin = make.user(role="admin", name="王建国")
    db.session.commit()
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    log_in(page, base, admin.username)
    page.get_by_role("link", name="评价器").click()
    page.get_by_label("评价器名称").fill("3号窗口评价器")
    page.get_by_label("窗口").select_option(label="3号窗口 社会事务窗口")
    page.get_by_role("button", name="登记评价器").click()
    link = page.locator("[data-device-link]").inner_text()
    page.close()
    return link


def open_evaluator(browser, base, make):
    stranger = browser.new_page(viewport={"width": 1280, "height": 800})
    stranger.goto(f"{base}/windows/3/rate")
    expect(stranger.locator(".ev-refused")).to_have_text("本设备未登记为评价器，不能在此评价。")
    link = registration_link(browser, base, make)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(link)
    expect(page).to_have_url(f"{base}/windows/3/rate")
    expect(page.locator(".ev-staff-name")).to_have_text("陈晓燕")
    stranger.goto(link)                           # the link worked once
    expect(stranger.get_by_role("heading", name="登记链接无效")).to_be_visible()
    expect(page.locator("[data-rate]")).to_be_hidden()
    page.wait_for_timeout(500)   # the event stream connects
    return page


def test_finish_rate_two_and_the_manager_sees_the_follow_up(live_server, browser,
                                                            called_ticket_hall, make):
    tablet = open_evaluator(browser, live_server, make)
    finish_through_the_api(live_server, called_ticket_hall.staff, PASSWORD,
                           called_ticket_hall.ticket)

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
    log_in(manager, live_server, called_ticket_hall.manager)
    manager.get_by_role("link", name="差评回访").click()
    row = manager.locator(".fu-table tbody tr").first
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("3号窗口")
    expect(row).to_contain_text("陈晓燕")
    expect(row).to_contain_text("等候时间长")
    expect(row).to_contain_text("2026-12-07")
    expect(row).to_contain_text("2026-12-25")
