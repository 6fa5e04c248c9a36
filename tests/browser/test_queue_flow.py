"""Kiosk ticket, console call, lobby display shows and speaks it."""
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from hall.core.extensions import db
from hall.settings import services as settings
from tests.browser.speech import CAPTURE_SPEECH
from tests.factories import TEST_ACTOR

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class SpokenCallHall:
    staff: str          # username of window 3's staff member


@pytest.fixture
def spoken_call_hall(make) -> SpokenCallHall:
    """Window 3 serves 社会事务, and the hall chose to have calls spoken by the PC."""
    civil = make.category(code="civil", name="社会事务", prefix="A", description="婚姻登记等")
    staff = make.user(role="staff", name="陈晓燕")
    make.window(no=3, name="社会事务窗口", categories=[civil], staff_a_id=staff.id)
    settings.update(TEST_ACTOR, {"call_voice": "speech"})   # the hall chose the PC's voice
    db.session.commit()
    return SpokenCallHall(staff=staff.username)


def wait_until(condition, seconds: float = 4) -> None:
    """Poll from Python: the pages' CSP forbids the eval behind wait_for_function."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def open_display(browser, base):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script(CAPTURE_SPEECH)
    page = context.new_page()
    page.goto(f"{base}/display")
    expect(page.locator("[data-categories] li").first).to_be_visible()
    page.wait_for_timeout(500)   # the event stream connects
    return page


def take_ticket(browser, base) -> str:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{base}/kiosk")
    page.get_by_role("button", name="社会事务").click()
    number = page.locator(".slip-number").inner_text()
    assert "您前面还有" in page.locator(".slip").inner_text()
    page.close()
    return number


def open_console(browser, base, username):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Hall-Test-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/windows/3")
    expect(page.locator("[data-waiting-total]")).to_have_text("1")
    return page


def test_kiosk_ticket_is_called_shown_and_spoken(live_server, browser, spoken_call_hall):
    display = open_display(browser, live_server)
    number = take_ticket(browser, live_server)
    assert number == "A001"
    console = open_console(browser, live_server, spoken_call_hall.staff)

    console.keyboard.press("n")
    started = time.monotonic()
    expect(display.locator("[data-latest-number]")).to_have_text("A001", timeout=1000)
    shown_after = time.monotonic() - started
    assert shown_after < 1.0
    assert display.locator("[data-latest-window]").inner_text() == "请到 3 号窗口"
    wait_until(lambda: display.evaluate("window.__spoken.length") == 1)
    assert display.evaluate("window.__spoken") == ["请A001号到3号窗口办理"]

    console.get_by_text("已叫 A001 号").wait_for()
    console.get_by_role("button", name="重呼").click()
    wait_until(lambda: display.evaluate("window.__spoken.length") == 2)
    assert display.evaluate("window.__spoken")[1] == "重呼，请A001号到3号窗口办理"
    expect(display.locator("[data-latest-recall]")).to_be_visible()

    console.get_by_role("button", name="开始办理").click()
    console.get_by_text("A001 号开始办理").wait_for()
    console.get_by_role("button", name="办结").click()
    console.get_by_text("A001 号已办结").wait_for()
