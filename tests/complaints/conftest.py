"""A small hall for complaints: window 3 of 民政局, a manager, the 2026 calendar loaded."""
import pytest

from hall.core import clock
from hall.calendar.services import sync_from_chinesecalendar
from hall.complaints import services
from hall.core.extensions import db
from tests.factories import TEST_ACTOR

COMPLAINT = {"kind": "complaint", "content": "3号窗口等候时间太长，工作人员态度冷淡。",
             "name": "王小明", "phone": "13912345678", "window": 3}


class Hall:
    def __init__(self, make):
        self.department = make.department(code="MZ", name="民政局")
        self.staff = make.user(role="staff", name="陈晓燕")
        self.window = make.window(no=3, name="社会事务窗口", departments=[self.department],
                                  staff_a_id=self.staff.id)
        self.manager = make.user(role="manager", name="李主任")

    def complaint(self, channel: str = "phone", **fields):
        """A stored complaint (by default 王小明's, about window 3), committed."""
        draft = services.check({**COMPLAINT, **fields})
        complaint = services.submit(draft, channel, clock.now(), "203.0.113.9")
        db.session.commit()
        return complaint


@pytest.fixture
def hall(make, freeze_time):
    freeze_time("2026-12-04 10:00")     # a Friday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    built = Hall(make)
    db.session.commit()
    return built
