"""The queue tests' hall: two lines, two open windows, one member of staff."""
import pytest


@pytest.fixture
def hall(make, freeze_time):
    """Two categories, two open windows for A (one also serves B), one staff member."""
    freeze_time("2026-12-01 09:00")
    a = make.category(code="civil", name="社会事务", prefix="A")
    b = make.category(code="police", name="户政", prefix="B")
    staff = make.user(role="staff")
    w3 = make.window(no=3, categories=[a], staff_a_id=staff.id)
    w4 = make.window(no=4, categories=[a, b], staff_a_id=staff.id)
    return {"a": a, "b": b, "staff": staff, "w3": w3, "w4": w4}
