"""The item picker filters as one types, pinyin initials included, and opens an item's form
from the keyboard alone."""
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from hall.core.extensions import db

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class EnterpriseWindowHall:
    staff: str          # username of window 7's staff member


@pytest.fixture
def enterprise_window_hall(make, freeze_time) -> EnterpriseWindowHall:
    """Window 7 serves 市场监管局 and the queue 企业开办 (which lists a 税务局 item)."""
    freeze_time("2026-12-04 10:00")
    scj, swj = make.department(name="县市场监督管理局"), make.department(name="县税务局")
    make.item(department=scj, name="营业执照办理", code="SCJ-01", aliases="营业执照")
    make.item(department=scj, name="食品经营许可", code="SCJ-02")
    invoice = make.item(department=swj, name="发票领用", code="SWJ-01")
    enterprise = make.category(code="enterprise", name="企业开办", prefix="A", items=[invoice])
    make.item(department=make.department(name="县民政局"), name="结婚登记", code="MZJ-01")
    staff = make.user(role="staff", name="陈晓燕")
    make.window(no=7, name="企业开办窗口", departments=[scj], categories=[enterprise],
                staff_a_id=staff.id)
    db.session.commit()
    return EnterpriseWindowHall(staff=staff.username)


def test_typing_filters_and_the_keyboard_opens_the_form(live_server, page, enterprise_window_hall):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill(enterprise_window_hall.staff)
    page.get_by_label("密码").fill("Hall-Test-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/cases/new?window=7")
    links = page.locator(".item-options li:not([hidden]) a")
    expect(links).to_have_count(3)                       # not 结婚登记: not this window's
    search = page.get_by_role("searchbox")
    expect(search).to_be_focused()
    search.press_sequentially("yyzz")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text("营业执照办理")
    expect(page.locator("[data-item-count]")).to_have_text("本窗口可受理的事项中找到 1 项")
    search.fill("")
    search.press_sequentially("fp")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text("发票领用")
    search.fill("jiehun")
    expect(links).to_have_count(0)
    expect(page.get_by_text("没有找到匹配的事项")).to_be_visible()
    search.fill("xuke")
    search.press("ArrowDown")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator('input[name="item"]')).to_have_value("SCJ-02")
    expect(page.get_by_role("button", name="受理 / 出具一次性告知书")).to_be_visible()
