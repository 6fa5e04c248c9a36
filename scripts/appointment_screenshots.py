"""Screenshots of 预约办理 in headless chromium, from a fresh demo hall on a frozen clock:
the phone's booking steps (390 px, and the booking page at 320 px), 预约签到 on the portrait
kiosk (1080x1920) and the manager's pages (1366x768).

Usage: .venv/bin/python scripts/appointment_screenshots.py [OUTPUT_DIR]   (default docs/screenshots)
"""
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from hall import create_app
from hall.appointments import services
from hall.appointments.models import NoShowBlock
from hall.cli import upgrade_schema
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.demo.seed import load_demo
from hall.demo.simulation import people
from hall.queue.models import Category

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ZONE = ZoneInfo("Asia/Shanghai")
BOOKING_DAY = datetime(2026, 12, 2, 10, 0, tzinfo=ZONE)     # a Wednesday morning
CITIZEN = Actor(address="192.0.2.10")


def at(moment: datetime) -> None:
    clock.freeze(moment.astimezone(UTC))


def fill(category: Category, day, rng, share: float) -> list:
    """Book about `share` of each slot of a day (the first slot to the last place)."""
    made = []
    for n, slot in enumerate(services.slots_for(category, day, clock.now())):
        for _ in range(slot.capacity if n == 0 else round(slot.capacity * share)):
            made.append(services.book(slot.id, people.person_name(rng), people.id_number(rng),
                                      people.mobile(rng), clock.now(), CITIZEN))
    return made


def demo_app(folder: Path):
    import random
    rng = random.Random(5)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}",
                      "SECRET_KEY": "screenshots", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade_schema()
        at(BOOKING_DAY - timedelta(days=2))
        accounts = load_demo(clock.now())
        db.session.commit()
        estate = db.session.scalar(select(Category).where(Category.code == "realestate"))
        booked = fill(estate, BOOKING_DAY.date(), rng, 0.6)
        at(BOOKING_DAY)
        fill(estate, BOOKING_DAY.date() + timedelta(days=1), rng, 0.5)
        db.session.add(NoShowBlock(id_number=people.id_number(rng), name="赵德明", no_shows=3,
                                   since=clock.now() - timedelta(days=2),
                                   until=clock.now() + timedelta(days=28), lifted_by=""))
        db.session.commit()
        due = next(a for a in booked if a.slot.start_time == "10:30")
        info = {"late_code": booked[0].code, "due_code": due.code}
        return app, info, {user: password for _, user, password in accounts}


def login(page, base, username, password):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff")


def shoot_phone(browser, base, out: Path):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                             locale="zh-CN")
    phone.goto(f"{base}/book")
    phone.screenshot(path=str(out / "appointments-phone-1-category.png"), full_page=True)
    phone.get_by_role("link", name="不动产登记").click()
    phone.screenshot(path=str(out / "appointments-phone-2-date.png"), full_page=True)
    phone.locator("a.ap-choice").first.click()
    phone.screenshot(path=str(out / "appointments-phone-3-slot.png"), full_page=True)
    phone.locator("a.ap-choice").first.click()
    phone.get_by_label("姓名").fill("王秀兰")
    phone.get_by_label("身份证号").fill("62052419560312002")
    phone.get_by_label("手机号").fill("13912345678")
    phone.get_by_role("button", name="确认预约").click()
    phone.screenshot(path=str(out / "appointments-phone-4-error.png"), full_page=True)
    phone.get_by_label("身份证号").fill(people_id())
    phone.get_by_role("button", name="确认预约").click()
    phone.wait_for_selector(".ap-code")
    phone.screenshot(path=str(out / "appointments-phone-5-booking.png"), full_page=True)
    booking = phone.url.split("?")[0]
    phone.get_by_role("link", name="取消预约").click()
    phone.screenshot(path=str(out / "appointments-phone-6-cancel.png"), full_page=True)
    phone.close()
    narrow = browser.new_page(viewport={"width": 320, "height": 640}, device_scale_factor=2,
                              locale="zh-CN")
    narrow.goto(booking)
    narrow.screenshot(path=str(out / "appointments-phone-320.png"), full_page=True)
    narrow.close()


def people_id() -> str:
    from hall.core.validators import id_check_char
    first17 = "62052419560312002"
    return first17 + id_check_char(first17)


def shoot_kiosk(browser, base, info, out: Path):
    kiosk = browser.new_page(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    kiosk.goto(f"{base}/kiosk")
    kiosk.screenshot(path=str(out / "appointments-kiosk-home.png"))
    kiosk.get_by_role("link", name="预约签到").click()
    kiosk.screenshot(path=str(out / "appointments-kiosk-checkin.png"))
    kiosk.locator("[data-entry]").fill(info["late_code"])
    kiosk.get_by_role("button", name="签到取号").click()
    kiosk.screenshot(path=str(out / "appointments-kiosk-checkin-late.png"))
    kiosk.goto(f"{base}/kiosk/check-in")
    for key in info["due_code"]:
        kiosk.locator(f'.kp-key[data-key="{key}"]').click()
    kiosk.get_by_role("button", name="签到取号").click()
    kiosk.locator(".slip-number").wait_for()
    kiosk.screenshot(path=str(out / "appointments-kiosk-ticket.png"))
    kiosk.close()
    landscape = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    landscape.goto(f"{base}/book/c/realestate/2026-12-03")
    landscape.screenshot(path=str(out / "appointments-kiosk-booking.png"))
    landscape.close()


def shoot_manager(browser, base, passwords, out: Path):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    login(page, base, "manager", passwords["manager"])
    page.goto(f"{base}/admin/appointments/?category=realestate")
    page.screenshot(path=str(out / "appointments-manager-slots.png"))
    page.screenshot(path=str(out / "appointments-manager-slots-full.png"), full_page=True)
    page.locator("details.ap-day summary").first.click()
    page.locator("details.ap-day").first.scroll_into_view_if_needed()
    page.screenshot(path=str(out / "appointments-manager-slots-edit.png"))
    page.goto(f"{base}/admin/appointments/day?date=2026-12-02&category=realestate")
    page.screenshot(path=str(out / "appointments-manager-day.png"))
    page.goto(f"{base}/admin/appointments/blocks")
    page.screenshot(path=str(out / "appointments-manager-blocks.png"))
    page.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, info, passwords = demo_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            shoot_phone(browser, base, out)
            at(BOOKING_DAY + timedelta(minutes=20))        # 10:20: 09:00's check-in has closed
            shoot_kiosk(browser, base, info, out)
            shoot_manager(browser, base, passwords, out)
            browser.close()
        server.shutdown()
    clock.freeze(None)
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
