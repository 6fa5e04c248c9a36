"""The kiosk, the printed ticket, the green channel, the phone page and the screens."""
import re
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue.kiosks import COOKIE, register_kiosk
from hall.queue.models import Category, Ticket
from hall.windows.models import Window
from tests.factories import PASSWORD, TEST_ACTOR


@dataclass(frozen=True)
class KioskFloor:
    civil: Category     # A 社会事务, the kiosk's one line
    staff: User         # 陈晓燕, window 3's staff member
    window: Window      # window 3 (社会事务窗口)


@pytest.fixture
def kiosk_floor(make, freeze_time) -> KioskFloor:
    freeze_time("2026-12-01 09:30")
    civil = make.category(code="civil", name="社会事务", prefix="A", description="婚姻登记等")
    staff = make.user(role="staff", name="陈晓燕", staff_no="A0101")
    window = make.window(no=3, name="社会事务窗口", categories=[civil], staff_a_id=staff.id)
    db.session.commit()
    return KioskFloor(civil=civil, staff=staff, window=window)


def count_tickets() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Ticket))


def take(client, **form):
    return client.post("/kiosk/tickets", data={"category": "civil", **form})


def test_kiosk_home_offers_each_category_with_its_line(client, kiosk_floor):
    tickets.issue_ticket(kiosk_floor.civil, clock.now())
    db.session.commit()
    page = client.get("/kiosk").get_data(as_text=True)
    assert "社会事务" in page and "婚姻登记等" in page
    assert re.search(r"等候 <strong>1</strong> 人", page)
    assert "约 <strong>" in page


def test_taking_a_ticket_shows_the_slip_with_its_qr_code(client, kiosk_floor):
    response = take(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A001" in page and "<svg" in page and "二维码" in page
    assert "您前面还有 <strong>0</strong> 人" in page
    assert "data-autoprint" not in page          # an unregistered browser does not print


def test_unknown_category_issues_nothing(client, kiosk_floor):
    response = take(client, category="nope")
    assert response.status_code == 302 and count_tickets() == 0
    assert "请选择要办理的业务" in client.get("/kiosk").get_data(as_text=True)


def test_priority_without_the_green_channel_is_refused(client, kiosk_floor):
    take(client, priority="1")
    assert count_tickets() == 0
    assert "绿色通道已关闭" in client.get("/kiosk").get_data(as_text=True)


def registered(client) -> str:
    link, _ = register_kiosk(TEST_ACTOR, "一楼取号机1", clock.now())
    db.session.commit()
    response = client.get(f"/kiosk/register/{link}")
    assert response.status_code == 302 and COOKIE in response.headers["Set-Cookie"]
    return client.get_cookie(COOKIE).value


def test_staff_open_the_green_channel_on_a_registered_kiosk(client, kiosk_floor):
    registered(client)
    assert "开启绿色通道" in client.get("/kiosk").get_data(as_text=True)
    opened = client.post("/kiosk/green", data={"username": kiosk_floor.staff.username,
                                               "password": PASSWORD})
    assert opened.status_code == 302
    page = client.get("/kiosk").get_data(as_text=True)
    assert "绿色通道已开启" in page and 'name="priority" value="1"' in page
    slip = client.get(take(client, priority="1").headers["Location"]).get_data(as_text=True)
    assert "绿色通道" in slip and "data-autoprint" in slip
    assert db.session.scalar(db.select(Ticket.priority)) is True
    client.post("/kiosk/green/close")
    assert "绿色通道已开启" not in client.get("/kiosk").get_data(as_text=True)


def test_green_channel_needs_right_staff_credentials(client, kiosk_floor, make):
    registered(client)
    wrong = client.post("/kiosk/green", data={"username": kiosk_floor.staff.username,
                                              "password": "wrong-Password1"})
    assert "用户名或密码错误" in wrong.get_data(as_text=True)
    auditor = make.user(role="auditor")
    db.session.commit()
    refused = client.post("/kiosk/green", data={"username": auditor.username,
                                                "password": PASSWORD})
    assert "只有窗口工作人员或大厅管理员" in refused.get_data(as_text=True)
    assert "绿色通道已开启" not in client.get("/kiosk").get_data(as_text=True)


def test_green_channel_is_refused_on_unregistered_kiosks(client, kiosk_floor):
    page = client.post("/kiosk/green", data={"username": kiosk_floor.staff.username,
                                             "password": PASSWORD}).get_data(as_text=True)
    assert "本终端尚未登记" in page


def test_phone_page_says_plainly_what_to_do(client, kiosk_floor):
    ticket = tickets.issue_ticket(kiosk_floor.civil, clock.now())
    db.session.commit()
    assert "您前面还有" in client.get(f"/t/{ticket.token}").get_data(as_text=True)
    tickets.call_next(kiosk_floor.window, Actor.of(kiosk_floor.staff), clock.now())
    db.session.commit()
    page = client.get(f"/t/{ticket.token}").get_data(as_text=True)
    assert "轮到您了，请到 <strong>3</strong> 号窗口" in page
    tickets.finish(ticket, Actor.of(kiosk_floor.staff), clock.now())
    db.session.commit()
    assert "已办结" in client.get(f"/t/{ticket.token}").get_data(as_text=True)
    assert client.get("/t/not-a-token").status_code == 404


def test_lobby_display_and_window_screen(client, kiosk_floor):
    assert "叫号显示" in client.get("/display").get_data(as_text=True)
    tickets.issue_ticket(kiosk_floor.civil, clock.now())
    tickets.call_next(kiosk_floor.window, Actor.of(kiosk_floor.staff), clock.now())
    db.session.commit()
    assert client.get("/windows/3/screen").status_code == 200
    state = client.get("/api/v1/windows/3/screen-state").json
    assert state["current"] == "A001" and state["staff"] == {"name": "陈晓燕", "staff_no": "A0101"}


def test_console_is_for_the_windows_own_staff(client, kiosk_floor, auth, make):
    assert client.get("/windows/3").status_code == 302
    auth.login(kiosk_floor.staff.username)
    page = client.get("/windows/3").get_data(as_text=True)
    assert "叫号" in page and "data-console" in page
    state = client.get("/api/v1/windows/3/console").json
    assert state["window"]["no"] == 3 and state["acting"]["post"] == "A"
    auth.logout()
    auth.login_as("staff")
    assert client.get("/windows/3").status_code == 403
    assert client.get("/api/v1/windows/3/console").status_code == 403
