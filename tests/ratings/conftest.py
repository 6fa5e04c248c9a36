"""A small hall for ratings: window 3 with one department, its staff, a manager, tickets."""
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.items.models import Department, Item
from hall.queue import tickets
from hall.queue.models import Category
from hall.ratings import devices
from hall.windows.models import Window
from tests.factories import TEST_ACTOR, Factories

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


@dataclass(frozen=True)
class RatingsHall:
    make: Factories
    department: Department   # 民政局
    category: Category       # A 社会事务
    staff: User              # 陈晓燕（工号 MZ0301）, window 3's staff member
    window: Window           # window 3 (社会事务窗口): 社会事务 and 民政局
    manager: User            # 李主任
    item: Item               # 婚姻登记, 5 working days

    @classmethod
    def build(cls, make: Factories) -> "RatingsHall":
        department = make.department(name="民政局")
        category = make.category(code="civil", name="社会事务", prefix="A")
        staff = make.user(role="staff", name="陈晓燕", staff_no="MZ0301")
        window = make.window(no=3, name="社会事务窗口", categories=[category],
                             departments=[department], staff_a_id=staff.id)
        manager = make.user(role="manager", name="李主任")
        item = make.item(department=department, name="婚姻登记", promised_days=5)
        return cls(make=make, department=department, category=category, staff=staff,
                   window=window, manager=manager, item=item)

    def ticket(self, finish: bool = True, window=None, staff=None):
        """A ticket issued, called and (by default) finished at window 3."""
        window, staff = window or self.window, staff or self.staff
        ticket = tickets.issue_ticket(window.categories[0], clock.now())
        tickets.call_next(window, Actor.of(staff), clock.now())
        if finish:
            tickets.finish(ticket, Actor.of(staff), clock.now())
        db.session.commit()
        return ticket

    def case(self, close: bool = True):
        case = cases.accept(Actor.of(self.staff), clock.now(), item=self.item, applicant=PERSON,
                            handed_in=set(), window=self.window)
        if close:
            cases.close(Actor.of(self.staff), clock.now(), case, "approved")
        db.session.commit()
        return case


@pytest.fixture
def ratings_hall(make, freeze_time) -> RatingsHall:
    freeze_time("2026-12-04 10:00")     # a Friday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    built = RatingsHall.build(make)
    db.session.commit()
    return built


@pytest.fixture
def tablet(app, ratings_hall):
    """tablet(window=None): a browser registered, through its one-time link, as the
    evaluator of a window (window 3 unless told)."""
    def registered(window=None, name=None):
        window = window or ratings_hall.window
        token, _ = devices.register_device(TEST_ACTOR, name or f"{window.no}号窗口评价器",
                                           window, clock.now())
        db.session.commit()
        browser = app.test_client()
        opened = browser.get(f"/evaluator/register/{token}")
        assert opened.status_code == 302 and opened.headers["Location"].endswith(
            f"/windows/{window.no}/rate")
        return browser
    return registered


def offered(browser, no: int = 3) -> list[dict]:
    """The one-time keys the tablet of window `no` is given."""
    response = browser.post(f"/windows/{no}/rate/keys")
    assert response.status_code == 200, response.json
    assert response.headers["Cache-Control"] == "no-store"
    return response.json["services"]


def key_of(browser, subject, no: int = 3) -> str:
    ref = subject.id if hasattr(subject, "number") else subject.case_no
    return next(s["key"] for s in offered(browser, no) if s["ref"] == ref)
