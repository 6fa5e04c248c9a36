"""In chromium: a citizen without a Chinese input method types yyzz on the kiosk's on-screen
keyboard, finds 营业执照 items, and takes a ticket from the item's guide page."""
import os

import pytest
from sqlalchemy import select

from hall.auth.models import User
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.demo.seed import load_demo
from hall.items.models import Item
from hall.queue.kiosks import register_kiosk
from hall.windows.models import Window
from tests.factories import TEST_ACTOR

pytestmark = pytest.mark.browser
PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
# Cases of the last days, so the page has 热门事项 to show: (item name, cases).
DEMAND = [("婚姻登记（结婚登记）", 6), ("居民身份证申领（首次申领、换领、补领）", 5),
          ("城乡居民基本养老保险参保登记", 4), ("有限责任公司设立登记", 3),
          ("城乡居民基本医疗保险参保登记", 2)]


@pytest.fixture
def demo_hall(app, freeze_time):
    freeze_time("2026-12-02 10:00")
    load_demo(clock.now())
    staff = db.session.scalar(select(User).where(User.username == "staff"))
    window = db.session.scalar(select(Window).where(Window.no == 1))
    for name, count in DEMAND:
        item = db.session.scalar(select(Item).where(Item.name == name))
        for _ in range(count):
            cases.accept(Actor.of(staff), clock.now(), item=item, applicant=PERSON, handed_in=set(),
                         window=window)
    key, _kiosk = register_kiosk(TEST_ACTOR, "一楼取号机", clock.now())
    db.session.commit()
    return key


def shoot(page, name: str) -> None:
    if os.environ.get("HALL_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["HALL_SCREENSHOTS"], name))


def key_sizes(page) -> list[tuple[float, float]]:
    boxes = [page.locator(".osk-key").nth(n).bounding_box()
             for n in range(page.locator(".osk-key").count())]
    return [(box["width"], box["height"]) for box in boxes]


def test_type_yyzz_on_the_keyboard_and_take_a_ticket(page, live_server, demo_hall):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/kiosk/register/{demo_hall}")
    page.goto(f"{live_server}/guide/")
    keyboard = page.get_by_role("group", name="拼音字母键盘", exact=False)
    assert keyboard.is_visible()
    assert page.locator(".s-chip").first.inner_text() == "婚姻登记（结婚登记）"
    assert min(min(size) for size in key_sizes(page)) >= 60
    for letter in "yyzz":
        keyboard.get_by_role("button", name=letter, exact=True).click()
    assert page.locator("#guide-q").input_value() == "yyzz"
    first = page.locator(".k-items .name").first
    first.wait_for()
    page.wait_for_function("location.search === '?q=yyzz'")
    assert first.inner_text() == "有限责任公司设立登记"
    assert "“yyzz”的搜索结果" in page.locator("h1.k-title").inner_text()
    shoot(page, "search-yyzz.png")

    keyboard.get_by_role("button", name="退格", exact=False).click()
    keyboard.get_by_role("button", name="清空", exact=False).click()
    assert page.locator("#guide-q").input_value() == ""
    page.locator("#guide-q").fill("营业执照")
    keyboard.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url(f"{live_server}/guide/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7")
    assert page.locator(".k-items .name").first.inner_text() == "有限责任公司设立登记"
    assert page.locator(".k-items .name").count() > 5      # and the items asking for it
    shoot(page, "search-results.png")

    page.locator(".k-items a").first.click()
    take = page.get_by_role("button", name="取号", exact=True)
    assert "A 企业开办" in page.locator(".s-take").inner_text()
    box = take.bounding_box()
    assert box["width"] >= 60 and box["height"] >= 60
    shoot(page, "guide-take-ticket.png")
    take.click()
    page.wait_for_url("**/kiosk/tickets/**")
    assert "A001" in page.content()
    assert problems == []


def test_no_result_page_and_portrait_keyboard(browser, live_server, demo_hall):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    portrait = context.new_page()
    portrait.goto(f"{live_server}/guide/")
    assert min(min(size) for size in key_sizes(portrait)) >= 60
    keyboard = portrait.locator(".osk").bounding_box()
    assert keyboard["x"] >= 0 and keyboard["x"] + keyboard["width"] <= 1080
    shoot(portrait, "search-keyboard-portrait.png")
    for letter in "xyzq":
        portrait.get_by_role("button", name=letter, exact=True).click()
    portrait.get_by_text("没有找到与“xyzq”相关的事项").wait_for()
    assert portrait.get_by_text("试试拼音首字母").is_visible()
    assert portrait.locator(".s-chip").count() == len(DEMAND)
    context.close()


def test_phone_has_no_on_screen_keyboard(browser, live_server, demo_hall):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{live_server}/guide/items/62052400SCJ-XK-0001")
    assert "请在大厅的自助取号机上选择" in phone.locator(".s-take").inner_text()
    assert phone.get_by_role("button", name="取号", exact=True).count() == 0
    phone.goto(f"{live_server}/guide/?q=社保卡")
    assert not phone.locator(".osk").is_visible()
    assert phone.locator(".k-items .name").first.inner_text() == "城乡居民基本养老保险参保登记"
    context.close()
