"""A small hall for complaints: window 3 of 民政局, a manager, the 2026 calendar loaded."""
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.calendar.services import sync_from_chinesecalendar
from hall.complaints import services
from hall.core import clock
from hall.core.extensions import db
from hall.items.models import Department
from hall.windows.models import Window
from tests.factories import TEST_ACTOR, Factories

COMPLAINT = {"kind": "complaint", "content": "3号窗口等候时间太长，工作人员态度冷淡。",
             "name": "王小明", "phone": "13912345678", "window": 3}


@dataclass(frozen=True)
class ComplaintsHall:
    department: Department   # 民政局
    staff: User              # 陈晓燕, window 3's staff member
    window: Window           # window 3 (社会事务窗口), of 民政局
    manager: User            # 李主任

    @classmethod
    def build(cls, make: Factories) -> "ComplaintsHall":
        department = make.department(code="MZ", name="民政局")
        staff = make.user(role="staff", name="陈晓燕")
        window = make.window(no=3, name="社会事务窗口", departments=[department],
                             staff_a_id=staff.id)
        manager = make.user(role="manager", name="李主任")
        return cls(department=department, staff=staff, window=window, manager=manager)

    def complaint(self, channel: str = "phone", **fields):
        """A stored complaint (by default 王小明's, about window 3), committed."""
        draft = services.check({**COMPLAINT, **fields})
        complaint = services.submit(draft, channel, clock.now(), services.citizen("203.0.113.9"))
        db.session.commit()
        return complaint


@pytest.fixture
def complaints_hall(make, freeze_time) -> ComplaintsHall:
    freeze_time("2026-12-04 10:00")     # a Friday
    sync_from_chinesecalendar(TEST_ACTOR, clock.now())
    built = ComplaintsHall.build(make)
    db.session.commit()
    return built
