"""Takes the README's screenshots from a fresh demo hall in headless chromium.

Usage: .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]
"""
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from hall import create_app
from hall.auth.models import User
from hall.cli import upgrade_schema
from hall.core import clock
from hall.core.extensions import db
from hall.demo.seed import load_demo
from hall.items.models import Item
from hall.queue import tickets
from hall.queue.models import Category
from hall.windows.models import Window

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def busy_morning() -> str:
    """Tickets in several lines and a few calls, so the screens have something to show."""
    now = clock.now() - timedelta(minutes=40)
    categories = db.session.scalars(select(Category).order_by(Category.sort_order)).all()
    for minute in range(36):
        category = categories[(minute * 7) % len(categories)]
        tickets.issue_ticket(category, now + timedelta(minutes=minute), priority=minute == 30)
    staff = db.session.scalar(select(User).where(User.username == "staff"))
    token = None
    for window in db.session.scalars(select(Window).order_by(Window.no)).all()[:8]:
        window.staff_a_id = window.staff_a_id or staff.id
        db.session.flush()
        called = tickets.call_next(window, staff, clock.now())
        if called is not None:
            token = token or called.token
            tickets.start(called, staff, clock.now())
    db.session.commit()
    waiting = db.session.scalar(select(tickets.Ticket).where(tickets.Ticket.status == "waiting")
                                .order_by(tickets.Ticket.id.desc()))
    return waiting.token if waiting else token


def demo_app(folder: Path):
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}",
                      "SECRET_KEY": "screenshots", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade_schema()
        accounts = load_demo(clock.now())
        db.session.commit()
        item = db.session.scalar(db.select(Item).where(Item.promised_days > 0)
                                 .order_by(Item.id).offset(3))
        passwords = {user: p for _, user, p in accounts}
        info = {"code": item.code, "item_id": item.id, "dept": item.department.code,
                "ticket": busy_morning()}
        return app, info, passwords


def login(page, base, username, password):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/staff")


def shoot_guide_and_admin(browser, base, info, passwords, out: Path):
    pages = {"kiosk-home": "/kiosk", "guide-department": f"/guide/?department={info['dept']}",
             "guide-item": f"/guide/items/{info['code']}",
             "item-form": f"/admin/items/{info['item_id']}"}
    for orientation, (width, height) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        login(page, base, "admin", passwords["admin"])
        for name, path in pages.items():
            page.goto(base + path)
            page.screenshot(path=str(out / f"{name}-{orientation}.png"))
        context.close()


def shoot_queue(browser, base, info, passwords, out: Path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{base}/kiosk")
    page.locator(".k-cat").nth(3).click()
    page.wait_for_selector(".slip-number")
    page.screenshot(path=str(out / "kiosk-ticket.png"))
    page.emulate_media(media="print")
    page.pdf(path=str(out / "ticket-80mm.pdf"), width="80mm", height="150mm",
             print_background=True)
    page.close()
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{base}/display")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(out / "lobby-display.png"))
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{base}/t/{info['ticket']}")
    phone.screenshot(path=str(out / "phone-ticket.png"))
    phone.close()
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    login(page, base, "staff", passwords["staff"])
    page.goto(f"{base}/windows/1")
    page.wait_for_timeout(1200)
    page.screenshot(path=str(out / "window-console.png"))
    page.goto(f"{base}/windows/1/screen")
    page.wait_for_timeout(800)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.screenshot(path=str(out / "window-screen.png"))
    page.close()


def start_application(page, base, info):
    """The acceptance form with an applicant filled in."""
    page.goto(f"{base}/cases/new?window=1&item={info['code']}")
    page.get_by_label("申请人姓名 / 单位名称").fill("王小明")
    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")


def shoot_cases(browser, base, info, passwords, out: Path):
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    login(page, base, "staff", passwords["staff"])
    start_application(page, base, info)
    page.locator("input[name=material]").first.check()
    page.screenshot(path=str(out / "case-acceptance.png"), full_page=True)
    page.get_by_role("button", name="受理 / 出具一次性告知书").click()
    page.wait_for_selector("text=一次性告知书")
    case_no = page.url.split("/cases/")[1].split("?")[0]
    page.goto(f"{base}/cases/{case_no}/notice")
    page.pdf(path=str(out / "one-time-notice.pdf"), format="A4")
    start_application(page, base, info)
    for box in page.locator("input[name=material]").all():
        box.check()
    page.get_by_role("button", name="受理 / 出具一次性告知书").click()
    page.wait_for_selector("text=请打印受理回执交申请人")
    page.screenshot(path=str(out / "case-page.png"), full_page=True)
    case_no = page.url.split("/cases/")[1].split("?")[0]
    page.goto(f"{base}/cases/{case_no}/receipt")
    link = page.locator("[data-progress-link]").inner_text()
    page.pdf(path=str(out / "receipt-a4.pdf"), format="A4")
    page.goto(f"{base}/cases/{case_no}/receipt?format=80")
    page.pdf(path=str(out / "receipt-80mm.pdf"), width="80mm", height="200mm")
    page.close()
    shoot_narrow_receipt(browser, base, case_no, passwords, out)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(link)
    phone.screenshot(path=str(out / "case-progress-phone.png"), full_page=True)
    phone.close()
    kiosk = browser.new_page(viewport={"width": 1920, "height": 1080})
    kiosk.goto(f"{base}/progress")
    kiosk.screenshot(path=str(out / "progress-kiosk.png"))
    kiosk.goto(f"{base}/public/cases")
    kiosk.screenshot(path=str(out / "public-cases.png"))
    kiosk.close()
    manager = browser.new_page(viewport={"width": 1600, "height": 1100})
    login(manager, base, "manager", passwords["manager"])
    manager.goto(f"{base}/calendar/2026")
    manager.screenshot(path=str(out / "calendar.png"))
    manager.close()


def shoot_narrow_receipt(browser, base, case_no: str, passwords, out: Path):
    """The 80 mm receipt as the printer lays it out (302 px at 96 dpi, print media), with the
    受理人 by 姓名 and 工号."""
    context = browser.new_context(viewport={"width": 302, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    login(page, base, "staff", passwords["staff"])
    page.emulate_media(media="print")
    page.goto(f"{base}/cases/{case_no}/receipt?format=80")
    page.screenshot(path=str(out / "receipt-with-name.png"), full_page=True)
    context.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, info, passwords = demo_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            shoot_guide_and_admin(browser, base, info, passwords, out)
            shoot_queue(browser, base, info, passwords, out)
            shoot_cases(browser, base, info, passwords, out)
            browser.close()
        server.shutdown()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
