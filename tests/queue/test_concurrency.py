"""Many kiosks and windows at once, through HTTP against gunicorn with several workers."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from hall import clock
from hall.extensions import db
from hall.queue import tickets
from tests.factories import PASSWORD
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow


def test_twenty_kiosks_issue_a_thousand_distinct_gap_free_numbers(app, make, database_url):
    make.category(code="civil", name="社会事务", prefix="A")
    make.window(no=1, categories=[])
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def kiosk(_):
            return [call(base, "POST", "/api/v1/tickets", {"category": "civil"})
                    for _ in range(50)]
        with ThreadPoolExecutor(20) as pool:
            results = [r for batch in pool.map(kiosk, range(20)) for r in batch]
    assert {status for status, _ in results} == {201}
    numbers = [body["number"] for _, body in results]
    assert len(set(numbers)) == 1000
    assert sorted(numbers, key=lambda n: int(n[1:])) == [f"A{n:03d}" for n in range(1, 1001)]


def test_eight_windows_calling_at_once_call_each_ticket_exactly_once(app, make, database_url):
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = [make.user(role="staff") for _ in range(8)]
    for n, person in enumerate(staff, start=1):
        make.window(no=n, categories=[civil], staff_a_id=person.id)
    issued = [tickets.issue_ticket(civil, clock.now()).id for _ in range(240)]
    usernames = [person.username for person in staff]
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def window(n):
            _, token = call(base, "POST", "/api/v1/auth/token",
                            {"username": usernames[n - 1], "password": PASSWORD})
            headers = {"Authorization": "Bearer " + token["token"]}
            called = []
            while True:
                status, body = call(base, "POST", f"/api/v1/windows/{n}/call-next",
                                    headers=headers)
                if status == 204:
                    return called
                assert status == 200, body
                called.append(body["id"])
                status, _ = call(base, "POST", f"/api/v1/tickets/{body['id']}/finish",
                                 headers=headers)
                assert status == 200
        with ThreadPoolExecutor(8) as pool:
            per_window = list(pool.map(window, range(1, 9)))
    everything = [ticket_id for calls in per_window for ticket_id in calls]
    assert sorted(everything) == sorted(issued)
    assert all(calls for calls in per_window)     # every window got some of the work
