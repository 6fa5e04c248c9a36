"""A small hall for ratings: window 3 with one department, its staff, a manager, tickets."""
import pytest

from hall.core import clock
from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.core.extensions import db
from hall.queue import tickets
from hall.ratings import devices
from tests.factories import TEST_ACTOR

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}


class Hall:
    def __init__(self, make):
        self.make = make
        self.department = make.department(name="民政局")
        self.category = make.category(code="civil", name="社会事务", prefix="A")
        self.staff = make.user(role="staff", name="陈晓燕", staff_no="MZ0301")
        self.window = make.window(no=3, name="社会事务窗口", categories=[self.category],
                                  departments=[self.department], staff_a_id=self.staff.id)
        self.manager = make.user(role="manager", name="李主任")
        self.item = make.item(department=self.department, name="婚姻登记", promised_days=5)

    def ticket(self, finish: bool = True, window=None, staff=None):
        """A ticket issued, called and (by default) finished at window 3."""
        window, staff = window or self.window, staff or self.staff
        ticket = tickets.issue_ticket(window.categories[0], clock.now())
        tickets.call_next(window, staff, clock.now())
        if finish:
            tickets.finish(ticket, staff, clock.now())
        db.session.commit()
        return ticket

    def case(self, close: bool = True):
        case = cases.accept(self.staff, clock.now(), item=self.item, applicant=PERSON,
                            handed_in=set(), window=self.window)
        if close:
            cases.close(self.staff, clock.now(), case, "approved")
        db.session.commit()
        return case


@pytest.fixture
def hall(make, freeze_time):
    freeze_time("2026-12-04 10:00")     # a Friday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    built = Hall(make)
    db.session.commit()
    return built


@pytest.fixture
def tablet(app, hall):
    """tablet(window=None): a browser registered, through its one-time link, as the
    evaluator of a window (window 3 unless told)."""
    def registered(window=None, name=None):
        window = window or hall.window
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
