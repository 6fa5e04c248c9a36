"""An appointment's day end to end, as the issue puts it: a phone books at 390 px, the SMS
with the 预约码 reaches the (stand-in) gateway through the worker, the kiosk checks the booking
in at the slot's time (frozen clock), and the window calls it before the walk-in who came
first. On whichever engine the run uses (CI runs both)."""
import json

import pytest
from sqlalchemy import select

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.notify.channels import SmsChannel
from hall.notify.worker import Worker
from hall.queue import tickets
from hall.queue.models import Category, Ticket
from hall.windows.models import Window
from hall.windows.services import set_status
from tests.browser.test_appointment_pages import book_on_a_phone, demo_hall  # noqa: F401
from tests.notify.gateway import StandInGateway

pytestmark = pytest.mark.browser
PHONE = "13912345678"


def deliver_outbox(url: str, secret: str) -> None:
    Worker(SmsChannel(url, secret)).drain()


def estate_window() -> tuple[Window, Category]:
    """The demo's 不动产登记 line and an open window that serves it, with its A岗."""
    category = db.session.scalar(select(Category).where(Category.name == "不动产登记"))
    window = next(w for w in db.session.scalars(select(Window).order_by(Window.no))
                  if category in w.categories and w.staff_a is not None)
    return window, category


def test_book_get_the_sms_check_in_and_be_called_before_a_walk_in(live_server, browser,
                                                                   demo_hall, freeze_time):
    with StandInGateway(secret="sms-secret", fail_first=1) as gateway:
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                 is_mobile=True, has_touch=True)
        book_on_a_phone(phone, live_server)
        code = "".join(phone.locator(".ap-code").inner_text().split())
        phone.close()
        deliver_outbox(gateway.url, "sms-secret")       # the first try meets a 503
        assert gateway.bodies == []
        freeze_time("2026-12-02 10:05")                 # past the retry's backoff
        deliver_outbox(gateway.url, "sms-secret")
    texts = [b["text"] for b in gateway.bodies if b["phone"] == PHONE]
    assert len(texts) == 1 and code in texts[0] and "预约" in texts[0]
    assert gateway.bad_signatures == 0 and set(gateway.delivered.values()) == {1}

    freeze_time("2026-12-03 08:50")                      # Thursday, before the 09:00 slot
    window, category = estate_window()
    walk_in = tickets.issue_ticket(category, clock.now())
    db.session.commit()
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    kiosk.goto(f"{live_server}/kiosk")
    kiosk.get_by_role("link", name="预约签到").click()
    kiosk.locator("[data-entry]").fill(code)
    kiosk.get_by_role("button", name="签到取号").click()
    kiosk.locator(".slip-number").wait_for()
    booked_number = kiosk.locator(".slip-number").inner_text().strip()
    assert "预约" in kiosk.locator(".slip-category").inner_text()
    kiosk.close()

    staff = Actor.of(window.staff_a)
    if window.status != "open":
        set_status(window, "open", staff, clock.now())
    called = tickets.call_next(window, staff, clock.now())
    db.session.commit()
    assert called.number == booked_number and called.appointment_code == code
    assert db.session.get(Ticket, walk_in.id).status == "waiting"
    display = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    snapshot = json.loads(display.goto(f"{live_server}/api/v1/display").text())
    assert snapshot["calls"][0]["number"] == booked_number and snapshot["calls"][0]["appointment"]
    display.close()
