"""The manager keeps the dashboard open; a window finishes a ticket and the citizen rates
it 2 on the evaluator: the figures and the new 差评 follow-up appear without a reload."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.ratings import devices
from hall.ratings.services import rate
from hall.windows.models import Window
from tests.dashboard.morning import at, casework, morning, move
from tests.dashboard.morning import build as build_hall
from tests.factories import PASSWORD, TEST_ACTOR
from tests.live import call, finish_through_the_api, registered_tablet

pytestmark = pytest.mark.browser


def open_dashboard(page, base, username):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="大厅监控").first.click()
    expect(page.get_by_role("heading", name="大厅监控")).to_be_visible()
    expect(page.locator("[data-conn]")).to_have_class("dash-conn live")   # stream open


def window_three_tablet() -> str:
    """Window 3's evaluator, registered by the administrator; its one-time link's token."""
    window = db.session.scalar(select(Window).where(Window.no == 3))
    token, _ = devices.register_device(TEST_ACTOR, "3号窗口评价器", window, clock.now())
    db.session.commit()
    return token


def finish_and_rate_two(base, username, ticket_id, tablet_token):
    tablet = registered_tablet(base, tablet_token)
    finish_through_the_api(base, username, PASSWORD, ticket_id)
    status, offered = call(base, "POST", "/windows/3/rate/keys", {}, tablet)
    assert status == 200, offered
    [key] = [s["key"] for s in offered["services"] if s["ref"] == ticket_id]
    status, body = call(base, "POST", "/windows/3/rate",
                        {"key": key, "level": 2, "reasons": ["等候时间长"]}, tablet)
    assert status == 201 and body["follow_up"] is True, body


def test_a_bad_rating_reaches_the_open_dashboard(live_server, page, called_ticket_hall):
    open_dashboard(page, live_server, called_ticket_hall.manager)
    window = page.locator('[data-window="3"]')
    expect(window).to_contain_text("A001")
    expect(window).to_contain_text("已叫号")
    expect(page.locator("[data-follow-ups]")).to_contain_text("没有待处理的差评")
    loads = []
    page.on("load", lambda _: loads.append(1))

    finish_and_rate_two(live_server, called_ticket_hall.staff, called_ticket_hall.ticket,
                        window_three_tablet())

    row = page.locator("[data-follow-ups] tr[data-follow-up]")
    expect(row).to_have_count(1, timeout=5000)
    expect(row).to_contain_text("不满意（2 分）")
    expect(row).to_contain_text("3号")
    expect(row).to_contain_text("陈晓燕")
    expect(row).to_contain_text("2026-12-07")                  # call back: 1 working day
    expect(page.locator("[data-follow-up-counts]")).to_have_text("待处理 1 条 · 超期 0 条")
    expect(page.locator('[data-figure="served"]')).to_have_text("1")
    expect(page.locator('[data-figure="satisfaction_rate"]')).to_have_text("0.0%")
    expect(window).to_contain_text("空闲")
    expect(window).to_contain_text("今日办结 1")
    assert loads == []                                        # no reload: the stream did it


def test_a_new_ticket_updates_the_line_and_a_lost_session_says_so(live_server, page,
                                                                  called_ticket_hall):
    open_dashboard(page, live_server, called_ticket_hall.manager)
    status, _ = call(live_server, "POST", "/api/v1/tickets", {"category": "civil"})
    assert status == 201
    expect(page.locator('[data-figure="tickets_issued"]')).to_have_text("2")
    expect(page.locator("[data-lines] tr").first).to_contain_text("1 人")

    page.request.post(f"{live_server}/logout")                # the session ends elsewhere
    call(live_server, "POST", "/api/v1/tickets", {"category": "civil"})
    expect(page.locator("[data-expired]")).to_be_visible()
    expect(page.locator("[data-expired]")).to_contain_text("登录已超时")
    expect(page.locator("[data-conn]")).to_have_text("● 登录已超时")


PARTS = ("[data-alerts]", "[data-windows]", "[data-window-counts]", "[data-lines]",
         "[data-cases]", "[data-case-counts]", "[data-follow-ups]", "[data-calendar]",
         ".dash-figures")


def drawn(page) -> dict:
    return {part: " ".join(page.locator(part).inner_text().split()) for part in PARTS}


def test_the_live_redraw_matches_the_server_drawing(live_server, page, app, make):
    hall = build_hall(make)
    done = morning(hall)
    casework(hall)
    rate(done[0], 2, "", ["等候时间长"], "evaluator", move(at("09:30")))
    db.session.commit()
    move(at("10:00"))
    manager = make.user(role="manager")
    db.session.commit()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    open_dashboard(page, live_server, manager.username)
    server = drawn(page)
    assert "A004" in server["[data-windows]"] and "已超期 5 个工作日" in server["[data-cases]"]
    assert "不满意（2 分）" in server["[data-follow-ups]"]
    _, body = call(live_server, "POST", "/api/v1/auth/token",
                   {"username": hall.b.username, "password": PASSWORD})
    move(at("10:00:01"))                                       # nothing else changes
    call(live_server, "POST", "/api/v1/windows/3/status", {"status": "open"},
         {"Authorization": "Bearer " + body["token"]})
    expect(page.locator("[data-updated]")).to_have_text("10:00:01")   # drawn by the script
    assert drawn(page) == server and errors == []


def test_a_wall_screen_link_stays_live_without_a_login(live_server, page, called_ticket_hall):
    from hall.dashboard import screens
    key = screens.create_link(TEST_ACTOR, "值班室大屏")
    db.session.commit()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"{live_server}/dashboard/screen?key={key}")       # a fresh browser context
    assert page.url == f"{live_server}/dashboard/screen"          # the key left the address bar
    expect(page.get_by_role("heading", name="大厅监控")).to_be_visible()
    expect(page.locator("[data-conn]")).to_have_class("dash-conn live")
    expect(page.locator('[data-window="3"]')).to_contain_text("A001")
    assert page.locator("form").count() == 0
    loads = []
    page.on("load", lambda _: loads.append(1))

    status, _ = call(live_server, "POST", "/api/v1/tickets", {"category": "civil"})
    assert status == 201
    expect(page.locator('[data-figure="tickets_issued"]')).to_have_text("2")
    expect(page.locator("[data-lines] tr").first).to_contain_text("1 人")

    screens.revoke_all(TEST_ACTOR)                                 # the manager revokes
    db.session.commit()
    call(live_server, "POST", "/api/v1/tickets", {"category": "civil"})
    expect(page.locator("[data-expired]")).to_contain_text("大屏链接无效或已被撤销")
    expect(page.locator("[data-conn]")).to_have_text("● 大屏链接已失效")
    assert loads == [] and errors == []
