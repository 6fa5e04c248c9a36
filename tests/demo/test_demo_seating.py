"""The demo hall seats staff so that every queue has a staffed window (issue #13)."""
from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.demo.seed import DEMO_ACCOUNTS, demo_unstaffed_categories, load_demo
from hall.queue.models import Category
from hall.windows.models import Window


def test_every_queue_of_the_demo_has_a_window_with_staff(app, freeze_time):
    freeze_time("2026-12-01 09:00")
    accounts = load_demo(clock.now())
    db.session.commit()
    assert demo_unstaffed_categories() == []
    for category in db.session.scalars(select(Category)):
        staffed = [w.no for w in db.session.scalars(select(Window)) if category in w.categories
                   and (w.staff_a_id or w.staff_b_id)]
        assert staffed, f"{category} has no staffed window"
    assert len(accounts) == len(DEMO_ACCOUNTS)


def test_the_check_names_a_queue_left_without_staff(app, freeze_time, make):
    freeze_time("2026-12-01 09:00")
    make.category(code="lonely", name="无人队列", prefix="Z")
    make.window(no=30, categories=[make.category(code="seated", name="有人队列", prefix="Y")],
                staff_a_id=make.user(role="staff").id)
    assert demo_unstaffed_categories() == ["Z 无人队列"]
