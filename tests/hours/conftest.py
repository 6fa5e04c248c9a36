"""A hall with real hours: Monday to Friday 09:00-12:00 and 13:30-17:30, tickets from 08:30."""
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import delete

from hall.auth.models import User
from hall.core.extensions import db
from hall.hours import services as hours
from hall.hours.models import WeekdayHours
from hall.queue.models import Category
from hall.settings import services as settings
from tests.factories import PASSWORD, TEST_ACTOR

WORKING = "09:00-12:00,13:30-17:30"
TUESDAY = "2026-12-01"   # a plain working day


@pytest.fixture
def fresh_hours(app, monkeypatch):
    """The hours of a fresh install, not the test hall's around-the-clock ones."""
    db.session.execute(delete(WeekdayHours))
    db.session.commit()
    monkeypatch.setitem(settings.DEFAULTS, "holidays_open", False)
    settings.forget_cached()
    hours.forget_cached()


@pytest.fixture
def real_hours(fresh_hours):
    hours.set_weekdays(TEST_ACTOR, [0, 1, 2, 3, 4], WORKING, "08:30")
    db.session.commit()


@dataclass(frozen=True)
class RealHoursHall:
    civil: Category     # A 社会事务
    estate: Category    # D 不动产登记
    staff: User         # staff member of window 3, which serves both
    manager: User


@pytest.fixture
def real_hours_hall(make, real_hours, freeze_time) -> RealHoursHall:
    """Two categories (A 社会事务, D 不动产), an open window, staff and a manager."""
    freeze_time(f"{TUESDAY} 10:00")
    civil = make.category(code="civil", name="社会事务", prefix="A")
    estate = make.category(code="estate", name="不动产登记", prefix="D")
    staff = make.user(role="staff")
    make.window(no=3, categories=[civil, estate], staff_a_id=staff.id)
    manager = make.user(role="manager")
    db.session.commit()
    return RealHoursHall(civil=civil, estate=estate, staff=staff, manager=manager)


def bearer(client, user) -> dict:
    response = client.post("/api/v1/auth/token", json={"username": user.username,
                                                        "password": PASSWORD})
    return {"Authorization": "Bearer " + response.json["token"]}


def calendar_day(day: date, kind: str, name: str) -> None:
    """A loaded year with one exceptional day."""
    from hall.calendar.models import CalendarDay, CalendarYear
    from hall.core import clock
    if db.session.get(CalendarYear, day.year) is None:
        db.session.add(CalendarYear(year=day.year, source="manual", loaded_at=clock.now(),
                                    loaded_by="test"))
    db.session.add(CalendarDay(day=day, kind=kind, name=name))
    db.session.commit()
    hours.forget_cached()
