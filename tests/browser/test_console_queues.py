"""The console's queue panel: each line the window serves with its waiting count, kept live
by the event stream, and the tickets of other lines sent to it; the screenshot for the docs."""

import os
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue.models import Category

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class TransferredTicketHall:
    staff: str          # username of window 1's staff member
    b: Category         # 工程建设项目, served at window 1


@pytest.fixture
def transferred_ticket_hall(make, freeze_time) -> TransferredTicketHall:
    """Window 1 serves A and B; an E ticket is sent to it from window 18, which serves E."""
    freeze_time("2026-12-04 10:00")
    a = make.category(code="enterprise", name="企业开办", prefix="A")
    b = make.category(code="construction", name="工程建设项目", prefix="B")
    e = make.category(code="police", name="户政出入境", prefix="E")
    staff = make.user(role="staff", name="陈晓燕", staff_no="A0101")
    other = make.user(role="staff", name="韩雪梅", staff_no="A0104")
    w1 = make.window(no=1, name="综合受理窗口", categories=[a, b], staff_a_id=staff.id)
    w18 = make.window(no=18, name="户政窗口", categories=[e], staff_a_id=other.id)
    sent = tickets.issue_ticket(e, clock.now())
    tickets.call_next(w18, Actor.of(other), clock.now())
    tickets.transfer(sent, Actor.of(other), clock.now(), window=w1)
    for _ in range(3):
        tickets.issue_ticket(a, clock.now())
    db.session.commit()
    return TransferredTicketHall(staff=staff.username, b=b)


def open_console(browser, base, username):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Hall-Test-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/windows/1")
    return page


def test_the_panel_shows_each_line_and_follows_the_event_stream(live_server, browser,
                                                                transferred_ticket_hall):
    page = open_console(browser, live_server, transferred_ticket_hall.staff)
    panel = page.get_by_role("list", name="本窗口受理的队列")
    rows = panel.locator("li")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_text("A企业开办等候 3 人")
    expect(rows.nth(1)).to_have_text("B工程建设项目等候 0 人")
    expect(rows.nth(2)).to_have_text("→转入本窗口的其他队列号码等候 1 人")
    expect(page.locator("[data-waiting-total]")).to_have_text("4")
    expect(page.locator("[data-waiting] li").first).to_contain_text("转入本窗口（非本窗口队列）")

    page.wait_for_timeout(500)          # the event stream connects
    tickets.issue_ticket(transferred_ticket_hall.b, clock.now())
    db.session.commit()
    expect(rows.nth(1)).to_have_text("B工程建设项目等候 1 人", timeout=5000)
    expect(page.locator("[data-waiting-total]")).to_have_text("5")
    if os.environ.get("HALL_SCREENSHOTS"):
        page.locator(".c-grid").screenshot(
            path=os.path.join(os.environ["HALL_SCREENSHOTS"], "console-queues.png"))

    page.keyboard.press("n")            # the E ticket sent here is called first
    expect(page.locator("[data-current-number]")).to_have_text("E001")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-waiting-total]")).to_have_text("4")
    page.close()
