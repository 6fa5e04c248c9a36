"""A daily quota under simultaneous kiosks, through gunicorn with several workers: the
counter row's lock decides, so 30 presses against a quota of 10 give exactly 10 tickets."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from hall.core.extensions import db
from hall.hours import services as hours
from hall.queue.models import Ticket
from tests.factories import TEST_ACTOR
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow


def _press_together(base: str, presses: int) -> list[tuple[int, dict]]:
    start = threading.Barrier(presses)

    def press(_):
        start.wait()
        return call(base, "POST", "/api/v1/tickets", {"category": "civil"})
    with ThreadPoolExecutor(presses) as pool:
        return list(pool.map(press, range(presses)))


@pytest.mark.parametrize("issued_before", [0, 4])
def test_thirty_kiosks_against_a_quota_of_ten_get_exactly_ten(app, make, database_url,
                                                              issued_before):
    civil = make.category(code="civil", name="社会事务", prefix="A")
    make.window(no=1, categories=[civil], status="open")
    hours.set_category_rule(TEST_ACTOR, civil, 10, 0)
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        for _ in range(issued_before):   # the day's counter row exists already, or not
            assert call(base, "POST", "/api/v1/tickets", {"category": "civil"})[0] == 201
        results = _press_together(base, 30)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] * (10 - issued_before) + [409] * (20 + issued_before), statuses
    assert {body["error"]["code"] for status, body in results if status == 409} == {
        "quota_reached"}
    db.session.rollback()
    numbers = sorted(db.session.scalars(select(Ticket.number)))
    assert numbers == [f"A{n:03d}" for n in range(1, 11)]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 10
