"""Takes the README's screenshots from a fresh demo hall in headless chromium.

Usage: .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]
"""
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from hall import clock, create_app
from hall.cli import upgrade_schema
from hall.demo import load_demo
from hall.extensions import db
from hall.items.models import Item

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def demo_app(folder: Path):
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}",
                      "SECRET_KEY": "screenshots", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade_schema()
        accounts = load_demo(clock.now())
        db.session.commit()
        item = db.session.scalar(db.select(Item).where(Item.promised_days > 0)
                                 .order_by(Item.id).offset(3))
        password = next(p for role, _, p in accounts if role == "admin")
        return app, (item.code, item.id, item.department.code), password


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, (code, item_id, dept), password = demo_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        pages = {"kiosk-home": "/kiosk", "guide-department": f"/guide/?department={dept}",
                 "guide-item": f"/guide/items/{code}", "item-form": f"/admin/items/{item_id}"}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for orientation, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{base}/login")
                page.get_by_label("用户名").fill("admin")
                page.get_by_label("密码").fill(password)
                page.get_by_role("button", name="登录").click()
                page.wait_for_url(f"{base}/staff")
                for name, path in pages.items():
                    page.goto(base + path)
                    page.screenshot(path=str(out / f"{name}-{orientation}.png"))
                context.close()
            browser.close()
        server.shutdown()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
