"""适老化 to the numbers (docs/rules.md §7) on every public page, measured in chromium.

Text sizes are read with getComputedStyle from every visible element that has text of its own;
reflow is scrollWidth against clientWidth. 200% zoom: Chromium's zoom halves the CSS viewport
(a 390 px phone becomes 195 CSS px wide) and doubles devicePixelRatio, so a 195 px viewport with
deviceScaleFactor 2 lays the page out exactly as a zoomed phone does, media queries included;
CSS `zoom` on <html> would not, as media queries do not see it. axe-core is vendored under
tests/browser/vendor/axe-core/ and injected from disk; the pages allow only their own scripts
(Content-Security-Policy), so the axe pages are opened with bypass_csp for that one test tool.
"""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from hall.auth.models import User
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.demo.seed import load_demo
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Category
from hall.windows.models import Window
from tests.browser.test_evaluator import registration_link
from tests.factories import PASSWORD
from tests.live import finish_through_the_api

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
KIOSK_VIEWPORTS = [(1080, 1920), (1920, 1080)]
PHONE_WIDTHS = [390, 320]
KIOSK_MIN_PX, PHONE_MIN_PX, PHONE_MAIN_PX = 24, 16, 18
# On phone pages these are the small print (times, notes); everything else is main text.
PHONE_SMALL_PRINT = ".p-small, .pv-note, .k-footer, .cp-privacy, .cp-count, .cw-when"
APPLICANT = {"type": "person", "name": "张三丰", "id_number": "11010519491231002X",
             "phone": "13812345678"}

TEXT_SIZES = """(smallPrint) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own || !el.checkVisibility({visibilityProperty: true})) continue;
    out.push({tag: el.tagName, cls: String(el.className), text: el.textContent.trim().slice(0, 24),
              px: parseFloat(getComputedStyle(el).fontSize),
              small: smallPrint ? !!el.closest(smallPrint) : false});
  }
  return out;
}"""
GRADIENTS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body, body *')) {
    const image = getComputedStyle(el).backgroundImage;
    if (!image.includes('gradient') || !el.checkVisibility()) continue;
    const texts = [el, ...el.querySelectorAll('*')].filter(e => [...e.childNodes].some(
      n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
    for (const t of texts) {
      const style = getComputedStyle(t);
      out.push({where: String(el.className), text: t.textContent.trim().slice(0, 12),
                image, color: style.color, opacity: style.opacity});
    }
  }
  return out;
}"""
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def demo(make, freeze_time):
    """The demo hall on a Friday morning: a waiting ticket, a finished one, an accepted case."""
    freeze_time("2026-12-04 10:00")
    load_demo(clock.now())
    staff = db.session.scalar(select(User).where(User.username == "staff"))
    window = db.session.scalar(select(Window).order_by(Window.no))
    category = window.categories[0]
    done = tickets.issue_ticket(category, clock.now())
    called = tickets.call_next(window, Actor.of(staff), clock.now())
    tickets.start(called, Actor.of(staff), clock.now())
    tickets.finish(called, Actor.of(staff), clock.now())
    waiting = tickets.issue_ticket(db.session.scalar(select(Category).order_by(Category.id)),
                                   clock.now())
    item = db.session.scalar(select(Item).where(Item.promised_days > 0).order_by(Item.id))
    case = cases.accept(Actor.of(staff), clock.now(), item=item, applicant=APPLICANT,
                        handed_in={m.id for m in item.materials}, window=window)
    db.session.commit()
    return {"waiting": waiting.token, "done": done.token, "item": item.code,
            "department": item.department.code, "case": case.token,
            "case_no": case.case_no, "code": case.query_code}


@pytest.fixture
def assert_axe_clean():
    """axe-core on the page as it stands: no serious or critical violation."""
    def check(page, state: str) -> None:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [f"{v['id']} ({v['impact']}): {v['help']} at "
               + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe on {state}:\n" + "\n".join(bad)
    return check


def kiosk_states(base: str, d: dict) -> dict:
    """Every kiosk screen by name: a path, or a path and what a person does there."""
    return {
        "home": f"{base}/kiosk",
        "ticket": f"{base}/kiosk/tickets/{d['waiting']}",
        "green": f"{base}/kiosk/green",
        "guide": f"{base}/guide/",
        "guide-search": f"{base}/guide/?q=yyzz",
        "guide-nothing": f"{base}/guide/?q=qqqqxx",
        "guide-department": f"{base}/guide/?department={d['department']}",
        "guide-item": f"{base}/guide/items/{d['item']}",
        "progress": f"{base}/progress",
        "complaint": f"{base}/kiosk/complaints",
        "complaint-wall": f"{base}/complaints?kiosk=1",
        "sms": f"{base}/kiosk/tickets/{d['waiting']}/sms",
        "check-in": f"{base}/kiosk/check-in",
        "book": f"{base}/book",
    }


def phone_states(base: str, d: dict) -> dict:
    return {
        "ticket": f"{base}/t/{d['waiting']}",
        "ticket-done": f"{base}/t/{d['done']}",
        "rate-ticket": f"{base}/t/{d['done']}/rate",
        "case": f"{base}/p/{d['case']}",
        "guide": f"{base}/guide/",
        "guide-search": f"{base}/guide/?q=yyzz",
        "guide-item": f"{base}/guide/items/{d['item']}",
        "complaint": f"{base}/complaints/new",
        "complaint-wall": f"{base}/complaints",
        "book": f"{base}/book",
    }


def too_small(page, minimum: float, small_print: str = "", main: float = 0) -> list:
    sizes = page.evaluate(TEXT_SIZES, small_print)
    assert sizes, "no text measured"
    return [s for s in sizes if s["px"] < minimum or (main and not s["small"] and s["px"] < main)]


def progress_states(page, base: str, d: dict):
    """The kiosk progress query: a wrong code (the red message), then the case itself."""
    page.goto(f"{base}/progress")
    page.locator("#pr-case-no").fill(d["case_no"])
    page.locator("#pr-code").fill("000000" if d["code"] != "000000" else "111111")
    page.get_by_role("button", name="查询进度").click()
    page.locator(".pr-message").wait_for()
    yield "progress-wrong-code"
    page.locator("#pr-code").fill(d["code"])
    page.get_by_role("button", name="查询进度").click()
    page.get_by_text("查询其他办件").wait_for()
    yield "progress-result"


# --- text sizes ----------------------------------------------------------------------------

@pytest.mark.parametrize("width,height", KIOSK_VIEWPORTS)
def test_every_kiosk_text_is_at_least_24px(live_server, browser, demo, width, height):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    failures = {}
    for name, url in kiosk_states(live_server, demo).items():
        page.goto(url)
        failures[name] = too_small(page, KIOSK_MIN_PX)
    for name in progress_states(page, live_server, demo):
        failures[name] = too_small(page, KIOSK_MIN_PX)
    page.goto(f"{live_server}/kiosk")
    page.evaluate("document.querySelector('[data-idle-dialog]').showModal()")
    failures["idle-question"] = too_small(page, KIOSK_MIN_PX)
    page.close()
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_phone_text_is_16px_and_main_text_18px(live_server, browser, demo, width):
    page = browser.new_page(viewport={"width": width, "height": 800}, locale="zh-CN",
                            is_mobile=True, has_touch=True)
    failures = {}
    for name, url in phone_states(live_server, demo).items():
        page.goto(url)
        failures[name] = too_small(page, PHONE_MIN_PX, PHONE_SMALL_PRINT, PHONE_MAIN_PX)
    page.close()
    assert {k: v for k, v in failures.items() if v} == {}


# --- reflow ----------------------------------------------------------------------------------

@pytest.mark.parametrize("width,scale", [(320, 1), (195, 2)], ids=["320px", "zoom200"])
def test_phone_pages_reflow_without_sideways_scrolling(live_server, browser, demo, width, scale):
    page = browser.new_page(viewport={"width": width, "height": 700}, device_scale_factor=scale,
                            locale="zh-CN", is_mobile=True, has_touch=True)
    widths = {}
    for name, url in phone_states(live_server, demo).items():
        page.goto(url)
        widths[name] = page.evaluate(WIDTHS)
    page.close()
    assert {name: w for name, w in widths.items() if w[0] > w[1]} == {}
    assert all(w[1] == width for w in widths.values())


def test_item_facts_and_ticket_number_fit_at_200_percent(live_server, browser, demo):
    page = browser.new_page(viewport={"width": 195, "height": 700}, device_scale_factor=2)
    for url, selector in [(f"{live_server}/guide/items/{demo['item']}", ".g-fact"),
                          (f"{live_server}/t/{demo['waiting']}", ".p-number")]:
        page.goto(url)
        rights = page.locator(selector).evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().right)")
        assert rights and max(rights) <= 195, (url, rights)
    page.close()


# --- the idle question -----------------------------------------------------------------------

def test_a_kiosk_asks_for_more_time_before_going_home(live_server, browser, demo):
    page = browser.new_page(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    page.clock.install()
    ticket_url = f"{live_server}/kiosk/tickets/{demo['waiting']}"        # goes home after 30 s
    page.goto(ticket_url)
    question = page.get_by_role("dialog", name="需要更多时间？")
    page.clock.run_for(19_000)
    assert not question.is_visible()
    page.clock.run_for(1_500)
    assert question.is_visible()
    assert page.locator("[data-idle-seconds]").inner_text() == "10"
    page.clock.run_for(3_000)
    assert page.locator("[data-idle-seconds]").inner_text() == "7"
    question.get_by_role("button", name="需要，继续使用").click()
    assert not question.is_visible() and page.url == ticket_url
    page.clock.run_for(19_000)                                           # a full 30 s again
    assert not question.is_visible()
    page.clock.run_for(2_000)
    assert question.is_visible() and page.url == ticket_url
    with page.expect_navigation():
        page.clock.run_for(10_000)
    assert page.url == f"{live_server}/kiosk"
    page.close()


def test_the_question_has_a_way_home_and_touches_do_not_dismiss_it(live_server, browser, demo):
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page.clock.install()
    page.goto(f"{live_server}/guide/")                                   # 120 s by default
    page.clock.run_for(111_000)
    question = page.get_by_role("dialog", name="需要更多时间？")
    assert question.is_visible()
    question.get_by_role("button", name="返回首页").click()
    page.wait_for_url(f"{live_server}/kiosk")
    page.close()


def test_phone_pages_never_go_home_by_themselves(live_server, browser, demo):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.clock.install()
    page.goto(f"{live_server}/t/{demo['waiting']}")
    page.clock.run_for(600_000)
    assert not page.get_by_role("dialog").is_visible()
    assert page.url.endswith(demo["waiting"])
    page.close()


# --- the portrait home -----------------------------------------------------------------------

def test_the_portrait_home_shows_the_four_services_on_its_first_screen(live_server, browser,
                                                                        demo):
    page = browser.new_page(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    page.goto(f"{live_server}/kiosk")
    targets = {"取号": page.locator(".k-cat").first,
               "办事指南": page.locator(".k-hero a.guide"),
               "进度查询": page.get_by_role("link", name=re.compile("办件进度查询")),
               "投诉建议": page.get_by_role("link", name=re.compile("^投诉建议"))}
    bottoms = {name: locator.bounding_box()["y"] + locator.bounding_box()["height"]
               for name, locator in targets.items()}
    assert all(bottom <= 1920 for bottom in bottoms.values()), bottoms
    assert page.evaluate("window.scrollY") == 0
    page.close()


# --- contrast of gradient tiles --------------------------------------------------------------

def _channels(css: str) -> list:
    return [tuple(float(x) for x in m) for m in
            re.findall(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)", css)]


def _luminance(rgb) -> float:
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert round(contrast((255, 255, 255), (0, 0, 0)), 1) == 21.0
    assert round(contrast((255, 255, 255), (0x76, 0x76, 0x76)), 2) == 4.54


@pytest.mark.parametrize("width,height", KIOSK_VIEWPORTS)
def test_gradient_tiles_keep_4_5_to_1_from_end_to_end(live_server, browser, demo, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    checked, low = 0, []
    for url in [f"{live_server}/kiosk", f"{live_server}/t/{demo['waiting']}"]:
        page.goto(url)
        for text in page.evaluate(GRADIENTS):
            assert float(text["opacity"]) == 1, text       # faded text would blend in
            ink = _channels(text["color"])[0]
            for stop in _channels(text["image"]):
                checked += 1
                if contrast(ink, stop) < 4.5:
                    low.append((text["where"], text["text"], stop, round(contrast(ink, stop), 2)))
    page.close()
    assert checked >= 2 * 5                                # header and four tiles, both ends
    assert low == []


# --- axe-core --------------------------------------------------------------------------------

@pytest.mark.parametrize("width,height", KIOSK_VIEWPORTS)
def test_axe_finds_nothing_serious_on_the_kiosk(live_server, browser, demo, assert_axe_clean,
                                                width, height):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN",
                            bypass_csp=True)
    for name, url in kiosk_states(live_server, demo).items():
        page.goto(url)
        assert_axe_clean(page, name)
    for name in progress_states(page, live_server, demo):
        assert_axe_clean(page, name)
    page.goto(f"{live_server}/kiosk")
    page.get_by_role("button", name="大字模式").click()
    assert_axe_clean(page, "home in 大字模式")
    page.evaluate("document.querySelector('[data-idle-dialog]').showModal()")
    assert_axe_clean(page, "idle question")
    page.close()


def test_axe_finds_nothing_serious_on_phones_and_the_lobby(live_server, browser, demo,
                                                          assert_axe_clean):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                            is_mobile=True, has_touch=True, bypass_csp=True)
    for name, url in phone_states(live_server, demo).items():
        page.goto(url)
        assert_axe_clean(page, name)
    page.close()
    lobby = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                             bypass_csp=True)
    lobby.goto(f"{live_server}/display")
    assert_axe_clean(lobby, "lobby display")
    lobby.goto(f"{live_server}/public/cases")
    assert_axe_clean(lobby, "办件公示 board")
    lobby.close()


# --- 大字模式 --------------------------------------------------------------------------------

@pytest.mark.parametrize("width,root,large", [(1080, 24, 30), (390, 20, 24)])
def test_large_text_mode_is_a_remembered_toggle(live_server, browser, demo, width, root, large):
    context = browser.new_context(viewport={"width": width, "height": 1200}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/kiosk" if width > 700 else f"{live_server}/t/{demo['waiting']}")
    toggle = page.get_by_role("button", name="大字模式")
    root_px = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    assert toggle.get_attribute("aria-pressed") == "false" and page.evaluate(root_px) == root
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true" and page.evaluate(root_px) == large
    page.goto(f"{live_server}/guide/")                      # remembered on the next page
    assert page.evaluate(root_px) == large
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="大字模式").click()
    page.reload()
    assert page.evaluate(root_px) == root
    assert page.evaluate("localStorage.getItem('hall.largeText')") == "0"
    context.close()


def test_large_text_phone_pages_still_reflow_at_320(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 320, "height": 700}, locale="zh-CN")
    page = context.new_page()
    page.add_init_script("localStorage.setItem('hall.largeText', '1')")
    widths = {}
    for name, url in phone_states(live_server, demo).items():
        page.goto(url)
        widths[name] = page.evaluate(WIDTHS)
    context.close()
    assert {name: w for name, w in widths.items() if w[0] > w[1]} == {}


# --- the evaluator tablet (placed by staff, used by the public) --------------------------------

def test_the_evaluator_has_large_text_and_nothing_serious(live_server, browser, called_ticket_hall,
                                                          make, assert_axe_clean):
    link = registration_link(browser, live_server, make)
    tablet = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN",
                              bypass_csp=True)
    tablet.goto(link)
    tablet.locator(".ev-staff-name").wait_for()
    assert too_small(tablet, KIOSK_MIN_PX) == []
    assert_axe_clean(tablet, "evaluator waiting")
    tablet.wait_for_timeout(500)                               # the event stream connects
    finish_through_the_api(live_server, called_ticket_hall.staff, PASSWORD,
                           called_ticket_hall.ticket)
    tablet.locator("[data-rate]").wait_for(state="visible", timeout=5000)
    tablet.locator('[data-level="2"]').click()
    assert too_small(tablet, KIOSK_MIN_PX) == []
    assert_axe_clean(tablet, "evaluator rating")
    tablet.close()
