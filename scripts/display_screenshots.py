"""Screenshots of the lobby display and a window screen calling window 25, at the screen
sizes halls use, from a fresh demo hall in headless chromium.

Usage: .venv/bin/python scripts/display_screenshots.py [OUTPUT_DIR]
"""
import importlib.util
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from hall.auth.models import User
from hall.core import clock
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue.models import Category, Ticket
from hall.windows.models import Window

_spec = importlib.util.spec_from_file_location("screenshots",
                                              Path(__file__).with_name("screenshots.py"))
screenshots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshots)

# Clips "play" at once and silently: the screenshots need no sound card.
SILENT = """HTMLMediaElement.prototype.play = function () { const a = this;
  setTimeout(() => a.dispatchEvent(new Event("ended")), 10); return Promise.resolve(); };"""


def window_25(app) -> None:
    """A window 25 with a waiting ticket for it."""
    with app.app_context():
        category = db.session.scalars(select(Category).order_by(Category.sort_order)).first()
        staff = db.session.scalar(select(User).where(User.username == "staff"))
        db.session.add(Window(no=25, name=f"{category.name}窗口", kind="comprehensive", status="open",
                              categories=[category], staff_a_id=staff.id))
        tickets.issue_ticket(category, clock.now())
        db.session.commit()


def call_25(app, again: bool = False) -> None:
    with app.app_context():
        window = db.session.scalar(select(Window).where(Window.no == 25))
        staff = db.session.get(User, window.staff_a_id)
        if again:
            ticket = db.session.scalar(select(Ticket).where(Ticket.window_id == window.id,
                                                            Ticket.status == "called"))
            tickets.recall(ticket, staff, clock.now())
        else:
            tickets.call_next(window, staff, clock.now())
        db.session.commit()


# A browser started without --autoplay-policy=no-user-gesture-required holds sound back.
HELD_BACK = """window.AudioContext = function () { this.state = "suspended"; };
  window.AudioContext.prototype.resume = function () { return Promise.resolve(); };
  HTMLMediaElement.prototype.play = function () {
    return Promise.reject(new DOMException("no user gesture", "NotAllowedError")); };"""


def open_page(browser, url: str, width: int, height: int, script: str = SILENT):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.add_init_script(script)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("text=已连接")
    return page


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, _, _ = screenshots.demo_app(Path(tmp))
        window_25(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=screenshots.FLAGS)
            pages = {"1920x1080": open_page(browser, f"{base}/display", 1920, 1080),
                     "1366x768": open_page(browser, f"{base}/display", 1366, 768),
                     "portrait": open_page(browser, f"{base}/display", 1080, 1920)}
            screen = open_page(browser, f"{base}/windows/25/screen", 1366, 768)
            mute = open_page(browser, f"{base}/display", 1366, 768, HELD_BACK)
            call_25(app)
            for name, page in pages.items():
                page.wait_for_selector("[data-latest-window]:has-text('25 号窗口')")
                page.wait_for_timeout(600)
                page.screenshot(path=str(out / f"lobby-display-{name}.png"))
            mute.wait_for_selector("[data-sound-warning]:visible")
            mute.screenshot(path=str(out / "lobby-display-no-sound.png"))
            screen.wait_for_timeout(800)
            screen.screenshot(path=str(out / "window-screen-1366x768.png"))
            call_25(app, again=True)
            pages["1366x768"].wait_for_selector("[data-latest-recall]:visible")
            pages["1366x768"].wait_for_timeout(600)
            pages["1366x768"].screenshot(path=str(out / "lobby-display-recall.png"))
            browser.close()
        server.shutdown()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
