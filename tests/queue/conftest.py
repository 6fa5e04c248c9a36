"""The queue tests' hall: two lines, two open windows, one member of staff."""
from dataclasses import dataclass

import pytest

from hall.auth.models import User
from hall.queue.models import Category
from hall.windows.models import Window


@dataclass(frozen=True)
class TwoWindowHall:
    a: Category       # 社会事务, served at windows 3 and 4
    b: Category       # 户政, served at window 4 only
    staff: User       # staff member of both windows
    w3: Window
    w4: Window


@pytest.fixture
def two_window_hall(make, freeze_time) -> TwoWindowHall:
    """Two categories, two open windows for A (one also serves B), one staff member."""
    freeze_time("2026-12-01 09:00")
    a = make.category(code="civil", name="社会事务", prefix="A")
    b = make.category(code="police", name="户政", prefix="B")
    staff = make.user(role="staff")
    w3 = make.window(no=3, categories=[a], staff_a_id=staff.id)
    w4 = make.window(no=4, categories=[a, b], staff_a_id=staff.id)
    return TwoWindowHall(a=a, b=b, staff=staff, w3=w3, w4=w4)
