"""A Playwright browser on Debian's chromium (the live server is in tests/conftest.py)."""
import os
import shutil
from dataclasses import dataclass

import pytest

from hall.calendar.services import sync_from_chinesecalendar
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from tests.factories import TEST_ACTOR

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = os.environ.get("HALL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is missing: run scripts/test, which installs it")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


@dataclass(frozen=True)
class CalledTicketHall:
    staff: str        # username of window 3's staff member
    manager: str      # username of the hall manager
    ticket: int       # id of the ticket called at window 3


@pytest.fixture
def called_ticket_hall(make, freeze_time) -> CalledTicketHall:
    """One window with its staff member serving a called ticket, and a hall manager."""
    freeze_time("2026-12-04 10:00")
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = make.user(role="staff", name="陈晓燕", staff_no="MZ0301")
    window = make.window(no=3, name="社会事务窗口", categories=[civil], staff_a_id=staff.id)
    manager = make.user(role="manager", name="李主任")
    ticket = tickets.issue_ticket(civil, clock.now())
    tickets.call_next(window, Actor.of(staff), clock.now())
    db.session.commit()
    return CalledTicketHall(staff=staff.username, manager=manager.username, ticket=ticket.id)
