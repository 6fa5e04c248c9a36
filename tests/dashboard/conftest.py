"""The dashboard tests' hall: every day, tickets from 08:00, windows open 09:00 to 18:00.

Its alerts count from the session under way (09:00) and its hourly chart spans the hours
(08:00 to 18:00); a test that issues a ticket outside them says so (check_hours=False)."""
from types import SimpleNamespace

import pytest

from tests.dashboard.morning import at, build, casework, morning, move


@pytest.fixture(autouse=True)
def _hours_eight_to_six(request):
    if "app" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    from hall.core.extensions import db
    from hall.hours import services as hours
    from hall.hours.models import WeekdayHours
    for row in db.session.query(WeekdayHours):
        row.sessions, row.ticketing_from = "09:00-18:00", "08:00"
    db.session.commit()
    hours.forget_cached()
    yield


@pytest.fixture
def busy_hall(app, make) -> SimpleNamespace:
    """The hall of tests/dashboard/morning.py at 10:00, its morning and its casework done."""
    built = build(make)
    morning(built)
    casework(built)
    move(at("10:00"))
    return built
