"""预约办理 in chromium: a phone books at 390 px through the four steps, every step and the
booking page keep the 适老化 figures (text sizes, no sideways scrolling at 320 px and at 200 %
zoom, axe-core clean), and the portrait kiosk checks the booking in on its keypad."""
import pytest
from playwright.sync_api import expect

from hall.core import clock
from hall.core.extensions import db
from hall.demo.seed import load_demo
from tests.browser.test_elderly import (
    AXE,
    KIOSK_MIN_PX,
    PHONE_MAIN_PX,
    PHONE_MIN_PX,
    PHONE_SMALL_PRINT,
    WIDTHS,
    too_small,
)

pytestmark = pytest.mark.browser

SMALL_PRINT = PHONE_SMALL_PRINT + ", .ap-note, .ap-privacy, .ap-qr-hint"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def demo_hall(make, freeze_time):
    freeze_time("2026-12-02 10:00")       # Wednesday: Thursday's slots are open
    load_demo(clock.now())
    db.session.commit()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def check_page(page, name: str, failures: dict) -> None:
    """Sizes and axe here; the reflow widths are measured by the other test."""
    page.wait_for_load_state()
    small = too_small(page, PHONE_MIN_PX, SMALL_PRINT, PHONE_MAIN_PX)
    bad = axe_violations(page)
    if small or bad:
        failures[name] = {"small": small[:5], "axe": bad}


def book_on_a_phone(page, base: str, failures: dict | None = None) -> str:
    """The four steps as a citizen takes them; returns the booking page's address."""
    steps = [("categories", lambda: page.get_by_role("link", name="不动产登记").click()),
             ("days", lambda: page.locator("a.ap-choice").first.click()),
             ("slots", lambda: page.locator("a.ap-choice").first.click())]
    page.goto(f"{base}/book")
    for name, step in steps:
        if failures is not None:
            check_page(page, name, failures)
        step()
    page.get_by_label("姓名").fill("王秀兰")
    page.get_by_label("身份证号").fill("1101051949123100")
    page.get_by_label("手机号").fill("13912345678")
    page.get_by_role("button", name="确认预约").click()
    page.get_by_text("身份证号应为18位").wait_for()
    if failures is not None:
        check_page(page, "details-refused", failures)
    page.get_by_label("身份证号").fill(ID_NUMBER)
    page.get_by_role("button", name="确认预约").click()
    page.locator(".ap-code").wait_for()
    if failures is not None:
        check_page(page, "booking", failures)
    return page.url.split("?")[0]


def test_a_phone_books_at_390px_with_large_text_and_no_violations(live_server, browser,
                                                                   demo_hall):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  is_mobile=True, has_touch=True, bypass_csp=True)
    page = context.new_page()
    failures: dict = {}
    booking = book_on_a_phone(page, live_server, failures)
    text = page.locator(".ap-card").inner_text()
    assert "已预约" in text and "110105********002X" in text and ID_NUMBER not in text
    assert "8:30–9:15" in page.locator(".ap-when").inner_text()     # the 09:00 slot
    page.get_by_role("link", name="取消预约").click()
    page.get_by_text("确定要取消这个预约吗").wait_for()
    check_page(page, "cancel", failures)
    page.get_by_role("button", name="确定取消预约").click()
    page.get_by_text("已取消预约").wait_for()
    assert page.url.startswith(booking)
    context.close()
    assert failures == {}


@pytest.mark.parametrize("width,scale", [(320, 1), (195, 2)], ids=["320px", "zoom200"])
def test_the_booking_steps_reflow_without_sideways_scrolling(live_server, browser, demo_hall,
                                                             width, scale):
    page = browser.new_page(viewport={"width": width, "height": 700}, device_scale_factor=scale,
                            locale="zh-CN", is_mobile=True, has_touch=True)
    widths = {}
    page.goto(f"{live_server}/book")
    widths["categories"] = page.evaluate(WIDTHS)
    page.get_by_role("link", name="不动产登记").click()
    page.get_by_role("heading", name="选择日期", exact=True).wait_for()
    widths["days"] = page.evaluate(WIDTHS)
    page.locator("a.ap-choice").first.click()
    page.get_by_role("heading", name="选择时段", exact=True).wait_for()
    widths["slots"] = page.evaluate(WIDTHS)
    page.locator("a.ap-choice").first.click()
    page.get_by_role("heading", name="填写预约信息", exact=True).wait_for()
    widths["details"] = page.evaluate(WIDTHS)
    page.get_by_label("姓名").fill("王秀兰")
    page.get_by_label("身份证号").fill(ID_NUMBER)
    page.get_by_label("手机号").fill("13912345678")
    page.get_by_role("button", name="确认预约").click()
    page.locator(".ap-code").wait_for()
    widths["booking"] = page.evaluate(WIDTHS)
    page.close()
    assert {name: w for name, w in widths.items() if w[0] > w[1]} == {}


@pytest.mark.parametrize("width,height", [(1080, 1920), (1920, 1080)])
def test_the_kiosk_check_in_has_24px_text_and_no_violations(live_server, browser, demo_hall,
                                                            width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  bypass_csp=True)
    page = context.new_page()
    failures = {}
    page.goto(f"{live_server}/kiosk/check-in")
    failures["check-in"] = too_small(page, KIOSK_MIN_PX) + axe_violations(page)
    page.locator("[data-entry]").fill("12345678")
    page.get_by_role("button", name="签到取号").click()
    page.locator(".pr-message").wait_for()
    failures["not-found"] = too_small(page, KIOSK_MIN_PX) + axe_violations(page)
    context.close()
    assert {name: found for name, found in failures.items() if found} == {}


def test_the_portrait_kiosk_checks_in_on_its_keypad(live_server, browser, demo_hall,
                                                     freeze_time):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    book_on_a_phone(phone, live_server)
    code = phone.locator(".ap-code").inner_text().replace(" ", "").replace("\n", "")
    phone.close()
    freeze_time("2026-12-03 09:10")
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    kiosk.goto(f"{live_server}/kiosk")
    kiosk.get_by_role("link", name="预约签到").click()
    kiosk.wait_for_load_state()
    kiosk.get_by_role("button", name="签到取号").click()      # nothing typed: told in words
    expect(kiosk.locator("[data-entry-error]")).to_contain_text("请先输入预约码或身份证号")
    for digit in code:
        kiosk.locator(f'.kp-key[data-key="{digit}"]').click()
    assert kiosk.locator("[data-entry]").input_value() == code
    kiosk.get_by_role("button", name="签到取号").click()
    kiosk.locator(".slip-number").wait_for()
    assert "不动产登记 · 预约" in kiosk.locator(".slip-category").inner_text()
    kiosk.close()
