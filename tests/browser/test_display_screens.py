"""The lobby display and the window screens on real screen sizes, and their sound."""
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import snapshot
from hall.queue import tickets
from hall.queue.models import Ticket
from hall.windows.models import Window
from tests.browser.speech import CAPTURE_CLIPS, REFUSE_AUTOPLAY

pytestmark = pytest.mark.browser

SCREENS = {"1920x1080": (1920, 1080), "1366x768": (1366, 768), "1280x720": (1280, 720),
           "3840x2160": (3840, 2160), "portrait-1080x1920": (1080, 1920)}
LONG_NAME = "不动产登记及不动产权证书补换发与抵押注销登记和交易资金监管综合业务受理"[:40]


@pytest.fixture
def lobby(make):
    """Window 999 serving a 40-character category, window 25 for 社会事务."""
    long = make.category(code="estate", name=LONG_NAME, prefix="W")
    civil = make.category(code="civil", name="社会事务", prefix="A")
    for n in range(6):
        make.category(code=f"more{n}", name=f"其他业务{n}", prefix="BCDEFG"[n])
    staff = make.user(role="staff", name="陈晓燕")
    make.window(no=999, name="不动产登记综合受理窗口（一楼东侧）", categories=[long], staff_a_id=staff.id)
    make.window(no=25, name="社会事务窗口", categories=[civil], staff_a_id=staff.id)
    for _ in range(12):
        tickets.issue_ticket(long, clock.now())
    tickets.issue_ticket(civil, clock.now())
    db.session.commit()
    return {"staff": staff}


def call(window_no: int, staff) -> str:
    """What the window's staff does on the console: call the next ticket."""
    window = db.session.scalar(select(Window).where(Window.no == window_no))
    current = tickets.current_ticket(window)
    if current is not None:   # finish the one being served first
        if current.status == "called":
            tickets.start(current, Actor.of(staff), clock.now())
        tickets.finish(current, Actor.of(staff), clock.now())
    ticket = tickets.call_next(window, Actor.of(staff), clock.now())
    db.session.commit()
    return ticket.number


def recall(number: str, staff) -> None:
    ticket = db.session.scalar(select(Ticket).where(Ticket.number == number))
    tickets.recall(ticket, Actor.of(staff), clock.now())
    db.session.commit()


def wait_until(condition, seconds: float = 6) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def open_page(browser, url: str, size=(1920, 1080), script=CAPTURE_CLIPS, **options):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, **options)
    context.add_init_script(script)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(url)
    expect(page.locator("[data-connection-text]")).to_contain_text("已连接")
    return page


LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  // Boxes that overlap vertically share a line (a small 号窗口 beside a big 999 too).
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0)
    .sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of rects) {
    if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; }
    else { bottom = Math.max(bottom, r.bottom); }
  }
  return {lines: lines, clipped: el.scrollWidth > el.clientWidth + 1,
          bottom: el.getBoundingClientRect().bottom, right: el.getBoundingClientRect().right};
}"""


def one_line(page, selector: str) -> dict:
    box = page.locator(selector).first.evaluate(LINES)
    size = page.viewport_size
    assert box["lines"] == 1, f"{selector} wraps onto {box['lines']} lines"
    assert not box["clipped"], f"{selector} is cut off"
    assert box["bottom"] <= size["height"], f"{selector} is below the screen"
    assert box["right"] <= size["width"], f"{selector} is beyond the screen's edge"
    return box


@pytest.mark.parametrize("screen", list(SCREENS))
def test_lobby_call_line_never_wraps(live_server, browser, lobby, screen):
    page = open_page(browser, f"{live_server}/display", SCREENS[screen])
    calls = [call(999, lobby["staff"]) for _ in range(9)]   # fills the list of recent calls
    expect(page.locator("[data-latest-number]")).to_have_text(calls[-1])
    expect(page.locator("[data-latest-window]")).to_have_text("请到 999 号窗口")
    expect(page.locator("[data-calls] td.win").first).to_have_text("999 号窗口")
    one_line(page, "[data-latest-number]")
    one_line(page, "[data-latest-window]")
    for cell in page.locator("[data-calls] td.num, [data-calls] td.win").all():
        box = cell.evaluate(LINES)
        assert box["lines"] <= 1 and not box["clipped"]   # an empty cell has no line
    # The footer and the header stay one line; the long category name stays in its column.
    one_line(page, ".d-conn")
    if screen != "portrait-1080x1920":   # the portrait footer has room to wrap the notice
        one_line(page, ".d-notice")
    # Measured in one pass: each new snapshot redraws the list, detaching the old items.
    overflow = page.evaluate("""() => {
      const side = document.querySelector(".d-side").getBoundingClientRect();
      const items = [...document.querySelectorAll("[data-categories] li")];
      return {count: items.length,
              beyond: items.filter(li => li.getBoundingClientRect().right > side.right + 1).length};
    }""")
    assert overflow["count"] > 0 and overflow["beyond"] == 0, overflow
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen][0]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_window_screen_number_never_wraps(live_server, browser, lobby, screen):
    page = open_page(browser, f"{live_server}/windows/999/screen", SCREENS[screen])
    number = call(999, lobby["staff"])
    expect(page.locator("[data-current]")).to_have_text(number)
    one_line(page, ".w-no")
    one_line(page, "[data-current]")
    one_line(page, ".w-conn")
    name = page.locator("[data-name]").bounding_box()
    assert name["x"] + name["width"] <= SCREENS[screen][0]


def played(page) -> list[str]:
    return page.evaluate("window.__played")


def test_a_call_plays_its_clips_in_order_with_no_voice(live_server, browser, lobby):
    page = open_page(browser, f"{live_server}/display")
    number = call(25, lobby["staff"])
    assert number == "A001"
    expected = ["qing.ogg", "letter-a.ogg", "ling.ogg", "ling.ogg", "yi.ogg", "hao.ogg",
                "dao.ogg", "er.ogg", "shi.ogg", "wu.ogg", "hao-chuangkou.ogg", "banli.ogg"]
    wait_until(lambda: len(played(page)) >= len(expected))
    assert played(page) == expected
    assert page.evaluate("window.__spoken") == []        # no voice: speech is never tried
    expect(page.locator("[data-sound-warning]")).to_be_hidden()

    recall(number, lobby["staff"])
    expect(page.locator("[data-latest-recall]")).to_have_text("重呼")
    wait_until(lambda: len(played(page)) >= 2 * len(expected) + 1)
    assert played(page)[len(expected):] == ["chonghu.ogg"] + expected


def test_window_screen_speaks_only_its_own_calls(live_server, browser, lobby):
    page = open_page(browser, f"{live_server}/windows/25/screen", (1366, 768))
    call(999, lobby["staff"])
    number = call(25, lobby["staff"])
    expect(page.locator("[data-current]")).to_have_text(number)
    wait_until(lambda: "banli.ogg" in played(page))
    assert played(page)[:3] == ["qing.ogg", "letter-a.ogg", "ling.ogg"]
    assert "jiu.ogg" not in played(page)                  # window 999's call is not its own
    expect(page.locator("[data-call]")).to_have_class("w-call flash called")
    recall(number, lobby["staff"])
    expect(page.locator("[data-recall]")).to_be_visible()
    wait_until(lambda: "chonghu.ogg" in played(page))


def test_the_flash_lasts_ten_seconds_then_the_call_stays_outlined(live_server, browser, lobby):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(CAPTURE_CLIPS)
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server}/display")
    expect(page.locator("[data-connection-text]")).to_contain_text("已连接")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)   # the page's time moves only when told
    call(25, lobby["staff"])
    box = page.locator("[data-latest]")
    expect(box).to_have_class("d-latest flash called")
    assert box.evaluate("el => getComputedStyle(el).animationName") == "flash"
    page.clock.run_for(9500)
    expect(box).to_have_class("d-latest flash called")
    page.clock.run_for(1000)
    expect(box).to_have_class("d-latest called")


def test_reduced_motion_keeps_the_highlight_without_pulsing(live_server, browser, lobby):
    page = open_page(browser, f"{live_server}/display", reduced_motion="reduce")
    call(25, lobby["staff"])
    box = page.locator("[data-latest]")
    expect(box).to_have_class("d-latest flash called")
    style = box.evaluate("el => [getComputedStyle(el).animationName, "
                         "getComputedStyle(el).backgroundColor]")
    assert style == ["none", "rgb(183, 28, 28)"]


def test_the_connection_state_is_said_in_words(live_server, browser, lobby):
    """A stream that ends after its lifetime reconnects quietly; a server that refuses it is
    said in words (not only a red dot), and the display comes back by itself."""
    state = {"down": False, "streams": 0}

    def events(route):
        state["streams"] += 1
        if state["down"]:
            route.fulfill(status=503, body="")
        else:   # a stream that ends at once, as one does at the end of its lifetime
            route.fulfill(status=200, headers={"Content-Type": "text/event-stream"},
                          body="retry: 300\n\n")

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(CAPTURE_CLIPS)
    page = context.new_page()
    page.route("**/api/v1/events*", events)
    page.goto(f"{live_server}/display")
    words = page.locator("[data-connection]")
    expect(words).to_have_text("● 已连接，叫号实时更新")
    for _ in range(100):   # the page's waits let Playwright answer the routed requests
        if state["streams"] >= 4:
            break
        page.wait_for_timeout(100)
    assert state["streams"] >= 4                            # ended and reopened
    expect(words).to_have_text("● 已连接，叫号实时更新")
    state["down"] = True
    expect(words).to_have_text("● 无法连接服务器，稍后自动重试", timeout=8000)
    expect(words).to_have_class("d-conn down")
    state["down"] = False
    expect(words).to_have_text("● 已连接，叫号实时更新", timeout=8000)


def test_refused_sound_is_shown_and_alerted_until_it_works(live_server, browser, lobby):
    page = open_page(browser, f"{live_server}/display", script=REFUSE_AUTOPLAY)
    call(25, lobby["staff"])
    warning = page.locator("[data-sound-warning]")
    expect(warning).to_contain_text("浏览器禁止自动播放")
    wait_until(lambda: sound_alerts() != [])
    assert sound_alerts() == ["大厅叫号屏无法播放叫号声音：浏览器禁止自动播放，请点一下该屏幕，"
                              "或以 --autoplay-policy=no-user-gesture-required 启动"]

    page.evaluate("""() => { HTMLMediaElement.prototype.play = function () {
      const audio = this; window.__played.push(audio.src.split("/").pop());
      setTimeout(() => audio.dispatchEvent(new Event("ended")), 10);
      return Promise.resolve(); }; }""")
    recall("A001", lobby["staff"])
    expect(warning).to_be_hidden()
    wait_until(lambda: sound_alerts() == [])


def sound_alerts() -> list[str]:
    db.session.rollback()   # see what the server committed
    return [a["text"] for a in snapshot.build(clock.now())["alerts"] if a["kind"] == "sound"]


def test_every_clip_decodes_in_chromium(live_server, browser, lobby):
    """The shipped clips are real Ogg Opus that this chromium plays (and none is empty)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/display")
    assert page.evaluate("new Audio().canPlayType('audio/ogg; codecs=opus')") == "probably"
    durations = page.evaluate("""async base => {
      const clips = (await (await fetch(base + "clips.json")).json()).clips;
      const out = {};
      for (const [text, name] of Object.entries(clips)) {
        out[text] = await new Promise(done => {
          const audio = new Audio();
          audio.onloadedmetadata = () => done(audio.duration);
          audio.onerror = () => done(-1);
          audio.src = base + name + ".ogg";
        });
      }
      return out;
    }""", f"{live_server}/static/audio/zh-CN/")
    assert len(durations) >= 62
    assert all(0.1 < seconds < 2.5 for seconds in durations.values()), durations
    context.close()


SUSPENDED_AUDIO = CAPTURE_CLIPS + """
window.AudioContext = function () { this.state = "suspended"; };
window.AudioContext.prototype.resume = function () { return Promise.resolve(); };
"""


@pytest.mark.parametrize("path", ["/display", "/windows/25/screen"])
def test_a_screen_warns_before_any_call_when_sound_is_held_back(live_server, browser, lobby,
                                                                path):
    page = open_page(browser, f"{live_server}{path}", (1366, 768), script=SUSPENDED_AUDIO)
    expect(page.locator("[data-sound-warning]")).to_contain_text("浏览器禁止自动播放")
    screen = "25号窗口屏" if "windows" in path else "大厅叫号屏"
    wait_until(lambda: any(text.startswith(screen) for text in sound_alerts()))


def test_a_window_screen_without_a_speaker_stays_quiet(live_server, browser, lobby):
    page = open_page(browser, f"{live_server}/windows/25/screen?sound=off", (1366, 768),
                     script=SUSPENDED_AUDIO)
    number = call(25, lobby["staff"])
    expect(page.locator("[data-current]")).to_have_text(number)
    page.wait_for_timeout(2500)   # longer than the held-back sound takes to be noticed
    assert played(page) == []
    expect(page.locator("[data-sound-warning]")).to_be_hidden()
    assert sound_alerts() == []
